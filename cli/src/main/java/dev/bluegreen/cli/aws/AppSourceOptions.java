package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.stack.MainStack;
import dev.bluegreen.cli.UserError;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the pipeline takes the front-end app from: GitHub through a CodeStar connection, or a zip in S3. Given
 * options are checked before anything is sent; what a new stack lacks is asked for in a terminal.
 */
final class AppSourceOptions {

    private static final String GITHUB = "CodeStarConnection";
    private static final String S3 = "S3";
    private static final String DEFAULT_BRANCH = "main";

    @Option(names = "--github-owner", paramLabel = "OWNER", description = "the app repository's GitHub owner")
    String githubOwner;

    @Option(names = "--github-repo", paramLabel = "REPO", description = "the app repository's name")
    String githubRepo;

    @Option(names = "--github-branch", paramLabel = "BRANCH", description = "the branch to deploy (default: main)")
    String githubBranch;

    @Option(names = "--connection-arn", paramLabel = "ARN",
            description = "the CodeStar connection to GitHub that the pipeline reads the repository through")
    String connectionArn;

    @Option(names = "--app-source-bucket", paramLabel = "BUCKET",
            description = "instead of GitHub: a versioned S3 bucket holding the app as a zip")
    String appSourceBucket;

    @Option(names = "--app-source-key", paramLabel = "KEY", description = "the zip's key in --app-source-bucket")
    String appSourceKey;

    private boolean github() {
        return githubOwner != null || githubRepo != null || githubBranch != null || connectionArn != null;
    }

    private boolean s3() {
        return appSourceBucket != null || appSourceKey != null;
    }

    /** Checks what was given, before anything is asked, packaged or sent. */
    void validate() {
        if (connectionArn != null) {
            Inputs.connectionArn(connectionArn);
        }
        if (githubOwner != null) {
            Inputs.githubOwner(githubOwner);
        }
        if (githubRepo != null) {
            Inputs.githubRepo(githubRepo);
        }
        if (githubBranch != null) {
            Inputs.branch(githubBranch);
        }
        if (appSourceBucket != null) {
            Inputs.bucket("--app-source-bucket", appSourceBucket);
        }
        if (appSourceKey != null) {
            Inputs.key(appSourceKey);
        }
        if (github() && s3()) {
            throw new UserError("the app's source is either GitHub (--github-owner, --github-repo, --connection-arn) "
                    + "or S3 (--app-source-bucket, --app-source-key), not both");
        }
    }

    /**
     * The source's parameters, every one of them (the other source's empty), so that switching sources leaves
     * nothing of the old one behind. Required for a new stack; for an existing one, none given keeps its source.
     */
    void into(Map<String, String> parameters, boolean exists, Prompter prompter) {
        boolean github = github();
        if (!github && !s3()) {
            if (exists) {
                for (String key : new String[] {MainStack.SOURCE_PROVIDER, MainStack.CONNECTION_ARN,
                        MainStack.GITHUB_OWNER, MainStack.GITHUB_REPO, MainStack.GITHUB_BRANCH,
                        MainStack.APP_SOURCE_BUCKET, MainStack.APP_SOURCE_KEY}) {
                    parameters.put(key, null);
                }
                return;
            }
            github = askWhich(prompter);
        }
        if (github) {
            githubOwner = githubOwner != null ? githubOwner : prompter.ask("--github-owner", "GitHub owner", null,
                    Inputs::githubOwner);
            githubRepo = githubRepo != null ? githubRepo : prompter.ask("--github-repo", "GitHub repository", null,
                    Inputs::githubRepo);
            connectionArn = connectionArn != null ? connectionArn : prompter.ask("--connection-arn",
                    "CodeStar connection ARN", null, Inputs::connectionArn);
            put(parameters, GITHUB, connectionArn, githubOwner, githubRepo,
                    githubBranch != null ? githubBranch : DEFAULT_BRANCH, "", "");
        } else {
            appSourceBucket = appSourceBucket != null ? appSourceBucket : prompter.ask("--app-source-bucket",
                    "S3 bucket of the app's zip", null, v -> Inputs.bucket("--app-source-bucket", v));
            appSourceKey = appSourceKey != null ? appSourceKey : prompter.ask("--app-source-key",
                    "the zip's key", null, Inputs::key);
            put(parameters, S3, "", "", "", DEFAULT_BRANCH, appSourceBucket, appSourceKey);
        }
    }

    private static boolean askWhich(Prompter prompter) {
        if (!prompter.interactive()) {
            throw new UserError("the app's source is required for a new stack: give --github-owner, "
                    + "--github-repo and --connection-arn (GitHub), or --app-source-bucket and --app-source-key "
                    + "(a zip in S3)");
        }
        return prompter.ask("--github-owner", "App source: GitHub (g) or a zip in S3 (s)?", "g", k -> {
            if (!k.equals("g") && !k.equals("s")) {
                throw new UserError("answer g or s");
            }
            return k;
        }).equals("g");
    }

    private static void put(Map<String, String> parameters, String provider, String connection, String owner,
                            String repo, String branch, String bucket, String key) {
        parameters.put(MainStack.SOURCE_PROVIDER, provider);
        parameters.put(MainStack.CONNECTION_ARN, connection);
        parameters.put(MainStack.GITHUB_OWNER, owner);
        parameters.put(MainStack.GITHUB_REPO, repo);
        parameters.put(MainStack.GITHUB_BRANCH, branch);
        parameters.put(MainStack.APP_SOURCE_BUCKET, bucket);
        parameters.put(MainStack.APP_SOURCE_KEY, key);
    }
}
