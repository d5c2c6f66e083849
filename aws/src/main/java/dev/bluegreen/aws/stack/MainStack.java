package dev.bluegreen.aws.stack;

/**
 * The contract with {@code main.yaml}: its parameter and output names, and the names derived from the stack's.
 * Named once here so that the deployer, the destroyer and the CLI cannot disagree.
 */
public final class MainStack {

    public static final String TEMPLATE = "main.yaml";

    // parameters
    public static final String TEMPLATE_BUCKET = "TemplateBucket";
    public static final String TEMPLATE_PREFIX = "TemplatePrefix";
    public static final String FUNCTIONS_KEY = "FunctionsKey";
    public static final String PLATFORM_SOURCE_KEY = "PlatformSourceKey";
    public static final String SOURCE_PROVIDER = "SourceProvider";
    public static final String CONNECTION_ARN = "ConnectionArn";
    public static final String GITHUB_OWNER = "GitHubOwner";
    public static final String GITHUB_REPO = "GitHubRepo";
    public static final String GITHUB_BRANCH = "GitHubBranch";
    public static final String APP_SOURCE_BUCKET = "AppSourceBucket";
    public static final String APP_SOURCE_KEY = "AppSourceKey";
    public static final String TEST_LISTENER_CIDR = "TestListenerCidr";
    public static final String CERTIFICATE_ARN = "CertificateArn";
    public static final String LAUNCH_TYPE = "LaunchType";
    public static final String TABLE_NAME = "TableName";
    public static final String APPROVAL_EMAIL = "ApprovalEmail";
    public static final String BAKE_WINDOW = "BakeWindow";
    public static final String BAKE_MAX_ERROR_RATE = "BakeMaxErrorRate";
    public static final String BAKE_MAX_P99 = "BakeMaxP99";
    public static final String RELEASE_STRATEGY = "ReleaseStrategy";
    public static final String RELEASE_STICKINESS = "ReleaseStickiness";
    public static final String PRODUCTION_WEB_TASKS = "ProductionWebTasks";
    public static final String IDLE_WEB_TASKS = "IdleWebTasks";
    public static final String USE_EXISTING_TABLE = "UseExistingTable";
    public static final String USE_EXISTING_WEB_REPOSITORY = "UseExistingWebRepository";
    public static final String USE_EXISTING_API_REPOSITORY = "UseExistingApiRepository";

    /** main.yaml's default TableName. */
    public static final String DEFAULT_TABLE = "Movies";

    /**
     * The tag the templates put on what a stack makes, valued with the main stack's name: the table and the
     * repositories (which outlive the stack) are found by it, and the pipeline's roles may change only what has it.
     */
    public static final String STACK_TAG = "bluegreen:stack";

    // outputs
    public static final String PIPELINE_NAME = "PipelineName";
    public static final String PIPELINE_URL = "PipelineUrl";
    public static final String LOAD_BALANCER_NAME = "LoadBalancerName";
    public static final String CLUSTER_STACK_NAME = "ClusterStackName";
    public static final String MOVIES_TABLE = "MoviesTable";
    public static final String WEB_REPOSITORY = "WebRepository";
    public static final String API_REPOSITORY = "ApiRepository";
    public static final String ARTIFACT_BUCKET = "ArtifactBucket";

    // the cluster stack's outputs (created by the pipeline from cluster.yaml)
    public static final String PROD_URL = "ProdUrl";
    public static final String TEST_URL = "TestUrl";
    public static final String DASHBOARD_URL = "DashboardUrl";

    private MainStack() {
    }

    /** Where a stack's files go in the template bucket. */
    public static String prefix(String stack) {
        return "bluegreen/" + stack + "/";
    }

    /** The stack the pipeline creates from cluster.yaml, when the main stack cannot say (it is gone). */
    public static String clusterStack(String stack) {
        return stack + "-cluster";
    }
}
