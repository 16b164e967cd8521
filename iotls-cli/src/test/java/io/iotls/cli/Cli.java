package io.iotls.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the iotls command line in-process and keeps what it printed. */
record Cli(int exitCode, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = IotlsCommand.commandLine(args.length > 0 ? args[0] : null); // as main builds it
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** True if the lines appear in this order in the output. */
    boolean showsInOrder(String... fragments) {
        int at = 0;
        for (String f : fragments) {
            int i = out.indexOf(f, at);
            if (i < 0) return false;
            at = i + f.length();
        }
        return true;
    }
}
