package io.iotls.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "iotls", mixinStandardHelpOptions = true, version = "iotls 0.1.0",
        description = "Secure transport for IoT devices: TLS with server, mutual-certificate or pre-shared-key authentication, "
                + "CRLs and explicit cipher suites, with every handshake shown step by step.",
        subcommands = {ProbeCommand.class, DoctorCommand.class, PubCommand.class, SubCommand.class, PkiCommand.class, DemoCommand.class,
                AotTrainingCommand.class,
                CommandLine.HelpCommand.class})
public final class IotlsCommand {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    /** pub and sub exit 1 on a bad command line, as mosquitto_pub and mosquitto_sub do; iotls' own commands 2. */
    static int usageExit(CommandLine command) {
        String name = command.getCommandName();
        return name.equals("pub") || name.equals("sub") ? MqttExit.USAGE : ExitCode.USAGE.code;
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new IotlsCommand());
        cli.getSubcommands().get("probe").getCommandSpec().usageMessage()
                .footer("", "Exit codes:", ExitCode.table());
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
            where.getErr().println("iotls " + where.getCommandName() + ": " + e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, where.getErr())) {
                where.getErr().println("Use 'iotls " + where.getCommandName() + " --help' for the options.");
            }
            return usageExit(where);
        });
        return cli;
    }
}
