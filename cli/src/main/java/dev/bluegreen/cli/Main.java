package dev.bluegreen.cli;

import dev.bluegreen.cli.aws.AwsCommand;
import dev.bluegreen.cli.movies.ApiCommand;
import dev.bluegreen.cli.movies.LoadCommand;
import dev.bluegreen.cli.movies.WebCommand;
import dev.bluegreen.cli.ops.ApproveCommand;
import dev.bluegreen.cli.ops.DeployCommand;
import dev.bluegreen.cli.ops.DownCommand;
import dev.bluegreen.cli.ops.ExecutionsCommand;
import dev.bluegreen.cli.ops.FlipCommand;
import dev.bluegreen.cli.ops.LogsCommand;
import dev.bluegreen.cli.ops.RejectCommand;
import dev.bluegreen.cli.ops.RollbackCommand;
import dev.bluegreen.cli.ops.ScaleCommand;
import dev.bluegreen.cli.ops.ShiftCommand;
import dev.bluegreen.cli.ops.StatusCommand;
import dev.bluegreen.cli.up.UpCommand;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bluegreen} command: the one place that wires the modules together. */
@Command(name = "bluegreen",
        mixinStandardHelpOptions = true,
        versionProvider = BuildInfo.class,
        description = "Blue/green deployments of the Movies app, on this machine or on AWS.",
        subcommands = {UpCommand.class, StatusCommand.class, FlipCommand.class, RollbackCommand.class,
                ShiftCommand.class, ScaleCommand.class, LogsCommand.class, DownCommand.class, DeployCommand.class,
                ExecutionsCommand.class, ApproveCommand.class, RejectCommand.class, LoadCommand.class,
                ApiCommand.class, WebCommand.class, AwsCommand.class, CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Run 'bluegreen COMMAND --help' for a command's options."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Commands that run a service are modelled alone: picocli reflects over every command of a tree it is given,
     * and a service's start-up time is measured in the tens of milliseconds.
     */
    private static final Map<String, Supplier<Object>> SERVICES = Map.of(
            "api", ApiCommand::new,
            "web", WebCommand::new);

    /** Runs the command line and returns its exit code: 0 done, 1 failed, 2 wrong usage. */
    public static int run(String... args) {
        boolean service = args.length > 0 && SERVICES.containsKey(args[0]);
        CommandLine cli = service
                ? new CommandLine(SERVICES.get(args[0]).get()).setCommandName("bluegreen " + args[0])
                : new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(new Failures());
        return cli.execute(service ? Arrays.copyOfRange(args, 1, args.length) : args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
