package io.iotls.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "iotls", mixinStandardHelpOptions = true, version = "iotls 0.1.0",
        description = "Secure transport for IoT devices: TLS with server, mutual-certificate or pre-shared-key authentication, "
                + "CRLs and explicit cipher suites, with every handshake shown step by step.")
public final class IotlsCommand {
    /**
     * The subcommands, in help order, made on demand: picocli reads every option annotation of each command it is
     * given, so a one-shot {@code iotls pub} builds only its own (measured: within the noise of start-up, 0.1 s at most).
     */
    private static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS = subcommands();

    private static java.util.Map<String, java.util.function.Supplier<Object>> subcommands() {
        var all = new java.util.LinkedHashMap<String, java.util.function.Supplier<Object>>();
        all.put("probe", ProbeCommand::new);
        all.put("doctor", DoctorCommand::new);
        all.put("pub", PubCommand::new);
        all.put("sub", SubCommand::new);
        all.put("pki", PkiCommand::new);
        all.put("demo", DemoCommand::new);
        all.put("aot-training", AotTrainingCommand::new);
        return java.util.Collections.unmodifiableMap(all);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = commandLine(args.length > 0 ? args[0] : null);
        return cli.execute(args);
    }

    /** pub and sub exit 1 on a bad command line, as mosquitto_pub and mosquitto_sub do; iotls' own commands 2. */
    static int usageExit(CommandLine command) {
        String name = command.getCommandName();
        return name.equals("pub") || name.equals("sub") ? MqttExit.USAGE : ExitCode.USAGE.code;
    }

    /** The command line with every subcommand (help, tests). */
    static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line for arguments starting with {@code first}: only that subcommand when it names one (its own
     * help and errors are the same), every one otherwise (iotls --help, help, a misspelt command and its suggestions).
     */
    static CommandLine commandLine(String first) {
        CommandLine cli = new CommandLine(new IotlsCommand());
        if (first != null && SUBCOMMANDS.containsKey(first)) {
            cli.addSubcommand(first, SUBCOMMANDS.get(first).get());
        } else {
            SUBCOMMANDS.forEach((name, make) -> cli.addSubcommand(name, make.get()));
        }
        cli.addSubcommand("help", new CommandLine.HelpCommand());
        CommandLine probe = cli.getSubcommands().get("probe");
        if (probe != null) probe.getCommandSpec().usageMessage().footer("", "Exit codes:", ExitCode.table());
        // Bad options (unknown suite, file missing, obsolete version) are usage errors with the library's message.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("iotls: " + e.getMessage());
                return usageExit(commandLine);
            }
            commandLine.getErr().println("iotls: " + e);
            return ExitCode.OTHER.code;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine where = e.getCommandLine();
            String name = where.getParent() == null ? "iotls" : "iotls " + where.getCommandName();
            where.getErr().println(name + ": " + e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, where.getErr())) {
                where.getErr().println("Use '" + name + " --help' for the options.");
            }
            return usageExit(where);
        });
        return cli;
    }
}
