package dev.bluegreen.aws.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The CloudFormation templates that {@code bluegreen aws deploy} uploads: cfn-lint finds nothing in them, and they
 * keep the contract the CLI, the deployer and the flip Lambda rely on. The templates are read as data through
 * cfn-lint's own decoder (short forms such as {@code !Ref} become {@code {"Ref": ...}}), so what is checked here is
 * what CloudFormation sees.
 */
class TemplatesTest {

    private static final Path PROJECT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Path TEMPLATES = PROJECT.resolve("aws/src/main/resources/dev/bluegreen/aws/cloudformation");
    private static final List<String> NAMES = List.of("main", "network", "data", "pipeline", "cluster");
    private static final String PYTHON = CfnTemplate.PYTHON;

    /** Parses a buildspec as CodeBuild would (YAML) and checks each command with {@code bash -n}. */
    private static final String CHECK_BUILDSPEC = String.join("\n",
            "import subprocess, sys, yaml",
            "spec = yaml.safe_load(sys.argv[1])",
            "assert spec['env']['shell'] == 'bash', 'the commands are written for bash'",
            "for name, phase in spec['phases'].items():",
            "    for command in phase.get('commands', []):",
            "        if not isinstance(command, str):",
            "            sys.exit(name + ': not a command string (a stray colon?): ' + repr(command))",
            "        bash = subprocess.run(['bash', '-n', '-c', command], capture_output=True, text=True)",
            "        if bash.returncode:",
            "            sys.exit(name + ': ' + command + ': ' + bash.stderr)",
            "print(spec['version'], 'ok')");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Map<String, JsonNode> templates;

    @BeforeAll
    static void decodeTemplates() {
        templates = new java.util.HashMap<>();
        NAMES.forEach(name -> templates.put(name, CfnTemplate.shipped(name).root()));
    }

    @Test
    void cfn_lint_finds_no_error_and_no_warning_in_any_template() throws Exception {
        List<Path> files;
        try (Stream<Path> listed = Files.list(TEMPLATES)) {
            files = listed.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString().replace(".yaml", ""))
                .containsExactlyInAnyOrderElementsOf(NAMES);
        List<String> command = new ArrayList<>(List.of("cfn-lint", "--format", "parseable", "--"));
        files.forEach(p -> command.add(p.toString()));
        Run run = run(command);
        assertThat(run.exitCode()).as("cfn-lint exit code; its findings:%n%s", run.output()).isZero();
    }

    @Nested
    class Main {

        @Test
        void has_the_parameters_and_outputs_the_cli_passes_and_reads() {
            assertThat(names(template("main").get("Parameters"))).containsExactlyInAnyOrder(
                    "TemplateBucket", "TemplatePrefix", "FunctionsKey", "PlatformSourceKey", "SourceProvider",
                    "ConnectionArn", "GitHubOwner", "GitHubRepo", "GitHubBranch", "AppSourceBucket", "AppSourceKey",
                    "TestListenerCidr", "CertificateArn", "LaunchType", "TableName", "ApprovalEmail", "BakeWindow",
                    "BakeMaxErrorRate", "BakeMaxP99", "ReleaseStrategy", "ReleaseStickiness", "ProductionWebTasks",
                    "IdleWebTasks", "UseExistingTable",
                    "UseExistingWebRepository", "UseExistingApiRepository");
            assertThat(names(template("main").get("Outputs"))).containsExactlyInAnyOrder(
                    "PipelineName", "PipelineUrl", "LoadBalancerName", "ClusterStackName", "MoviesTable",
                    "WebRepository", "ApiRepository", "ArtifactBucket");
            assertThat(template("main").at("/Parameters/SourceProvider/AllowedValues"))
                    .extracting(JsonNode::asText).containsExactly("CodeStarConnection", "S3");
            assertThat(template("main").at("/Outputs/LoadBalancerName/Value/Fn::Sub").asText())
                    .isEqualTo("${AWS::StackName}-alb");
        }

        @Test
        void passes_each_nested_stack_exactly_the_parameters_it_declares() {
            Map<String, String> nested = Map.of("NetworkStack", "network", "DataStack", "data",
                    "PipelineStack", "pipeline");
            nested.forEach((resource, name) -> {
                JsonNode stack = template("main").at("/Resources/" + resource + "/Properties");
                assertThat(stack.at("/TemplateURL/Fn::Sub").asText()).as(resource)
                        .endsWith("${TemplatePrefix}templates/" + name + ".yaml");
                JsonNode declared = template(name).get("Parameters");
                Set<String> passed = names(stack.get("Parameters"));
                assertThat(declared(declared)).as("%s declares what %s passes", name, resource).containsAll(passed);
                assertThat(passed).as("%s passes every parameter of %s without a default", resource, name)
                        .containsAll(required(declared));
            });
        }
    }

    @Nested
    class Pipeline {

        @Test
        void deploys_the_cluster_template_that_ships_in_the_platform_source_with_all_its_parameters()
                throws IOException {
            JsonNode deploy = action("Deploy").get("Configuration");
            String templatePath = deploy.get("TemplatePath").asText();
            assertThat(templatePath).startsWith("PlatformSource::");
            assertThat(PROJECT.resolve(templatePath.substring("PlatformSource::".length())))
                    .isEqualTo(file("cluster")).exists();
            assertThat(deploy.at("/StackName/Fn::Sub").asText()).isEqualTo("${StackName}-cluster");
            // every parameter in a file of the Discover step's artifact; none in ParameterOverrides, which
            // CodePipeline holds to 1,000 characters
            assertThat(deploy.has("ParameterOverrides")).isFalse();
            assertThat(deploy.get("TemplateConfiguration").asText()).isEqualTo("DiscoverOutput::cluster-config.json");
            assertThat(action("Deploy").get("InputArtifacts")).extracting(a -> a.get("Name").asText())
                    .containsExactlyInAnyOrder("PlatformSource", "DiscoverOutput");

            JsonNode discover = template("pipeline").at("/Resources/DiscoverProject/Properties");
            String buildSpec = discover.at("/Source/BuildSpec").asText();
            assertThat(buildSpec).contains("--parameters \"$CLUSTER_PARAMETERS\" --app-source "
                            + "\"$CODEBUILD_SRC_DIR_AppSource\" --release-out app-release-strategy --out cluster-config.json")
                    .contains("artifacts:\n  files:\n    - cluster-config.json");
            Map<String, String> fixed = clusterParameters();
            Set<String> all = new TreeSet<>(fixed.keySet());
            // what the deployer adds
            all.addAll(List.of("Code1", "Code2", "ProductionIdentifier", "ApiTag", "TestWebTasks"));
            JsonNode cluster = template("cluster").get("Parameters");
            assertThat(declared(cluster)).containsAll(all);
            assertThat(all).containsAll(required(cluster));
            assertThat(fixed).doesNotContainKeys("Code1", "Code2", "ProductionIdentifier", "ApiTag", "TestWebTasks")
                    .containsEntry("NatGatewayCidr", "${NatPublicIp}/32")
                    .containsEntry("PermissionsBoundaryArn", "${ClusterRolesBoundary}")
                    .containsEntry("CertificateArn", "${CertificateArn}");
            // JSON stays JSON: each value is a resource's ARN, or a parameter with allowed values or a pattern of
            // listed characters (no negated class: no quote or backslash can get in)
            fixed.forEach((name, value) -> {
                String source = value.replaceAll("^\\$\\{(\\w+)}.*", "$1");
                JsonNode parameter = template("pipeline").at("/Parameters/" + source);
                if (parameter.isMissingNode()) {
                    assertThat(template("pipeline").at("/Resources/" + source + "/Type").asText()).as(name)
                            .isEqualTo("AWS::IAM::ManagedPolicy");
                } else {
                    String pattern = parameter.path("AllowedPattern").asText();
                    assertThat(parameter.has("AllowedValues") || parameter.path("Type").asText().equals("Number")
                            || pattern.startsWith("^") && !pattern.contains("[^"))
                            .as("%s is held to listed characters", source).isTrue();
                }
            });
        }

        /** The Discover project's CLUSTER_PARAMETERS: each parameter and the ${...} it is made of. */
        private Map<String, String> clusterParameters() throws IOException {
            for (JsonNode variable : template("pipeline").at("/Resources/DiscoverProject/Properties/Environment"
                    + "/EnvironmentVariables")) {
                if (variable.get("Name").asText().equals("CLUSTER_PARAMETERS")) {
                    Map<String, String> parameters = new java.util.LinkedHashMap<>();
                    JSON.readTree(variable.at("/Value/Fn::Sub").asText()).properties()
                            .forEach(e -> parameters.put(e.getKey(), e.getValue().asText()));
                    return parameters;
                }
            }
            return fail("the Discover project has no CLUSTER_PARAMETERS");
        }

        @Test
        void no_action_configuration_of_the_build_and_release_can_reach_codepipelines_1000_characters() {
            // the longest each ${...} can be: the stack's name by its pattern, a resource named after it, a
            // pipeline variable (#{...}: an image tag, a commit or an S3 version, at most 128), a bake setting as the
            // CLI writes it
            Map<String, Integer> longest = Map.ofEntries(Map.entry("StackName", 28), Map.entry("FlipFunction", 33),
                    Map.entry("BakeFunction", 33), Map.entry("BuildProject", 34), Map.entry("DiscoverProject", 37),
                    Map.entry("BakeWindow", 7), Map.entry("BakeMaxErrorRate", 20), Map.entry("BakeMaxP99", 5),
                    Map.entry("TestPort", 4), Map.entry("AppRevision", 128), Map.entry("ProductionWebTasks", 1),
                    Map.entry("IdleWebTasks", 1), Map.entry("ReleaseStrategy", "canary:99%:999999999ms".length()),
                    Map.entry("ReleaseStickiness", 6));
            JsonNode stages = template("pipeline").at("/Resources/Pipeline/Properties/Stages");
            List<String> tooLong = new ArrayList<>();
            for (JsonNode stage : stages) {
                if (stage.get("Name").asText().equals("Source")) {
                    continue; // the app's and the platform's names, which CodePipeline checks when the stack deploys
                }
                for (JsonNode action : stage.get("Actions")) {
                    CfnTemplate.fields(action.get("Configuration")).forEach((key, value) -> {
                        if (key.equals("RoleArn")) {
                            return; // an ARN, not text of ours
                        }
                        int length = 0;
                        for (JsonNode leaf : value.findValues("Fn::Sub")) {
                            length += worst(leaf.isArray() ? leaf.get(0).asText() : leaf.asText(), longest);
                        }
                        length += value.isTextual() ? worst(value.asText(), longest) : 0;
                        if (length > 1000) {
                            tooLong.add(action.get("Name").asText() + "." + key + ": " + length);
                        }
                    });
                }
            }
            assertThat(tooLong).isEmpty();
        }

        private static int worst(String text, Map<String, Integer> longest) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([\\w:.]+)}|#\\{[\\w.]+}").matcher(text);
            int length = text.length();
            while (m.find()) {
                int value = m.group(1) == null ? 128 : longest.getOrDefault(m.group(1), -1);
                assertThat(value).as("the longest ${%s} can be", m.group(1)).isPositive();
                length += value - m.group().length();
            }
            return length;
        }

        @Test
        void builds_with_the_projects_dockerfiles_and_flips_with_the_java21_lambda() {
            String buildSpec = template("pipeline").at("/Resources/BuildProject/Properties/Source/BuildSpec").asText();
            assertThat(buildSpec).contains("docker/api/Dockerfile", "docker/web/Dockerfile", "build.json");
            assertThat(PROJECT.resolve("docker/api/Dockerfile")).exists();
            assertThat(PROJECT.resolve("docker/web/Dockerfile")).exists();

            JsonNode flip = template("pipeline").at("/Resources/FlipFunction/Properties");
            assertThat(flip.get("Runtime").asText()).isEqualTo("java21");
            assertThat(flip.get("Handler").asText()).isEqualTo("dev.bluegreen.aws.lambda.FlipHandler::handleRequest");
            assertThat(flip.at("/Code/S3Key/Ref").asText()).isEqualTo("FunctionsKey");
        }

        @Test
        void the_flip_promotes_the_build_its_own_execution_made_and_the_review_names_it() throws Exception {
            JsonNode build = action("Images");
            assertThat(build.get("Namespace").asText()).isEqualTo("BuildVars");
            String buildSpec = template("pipeline").at("/Resources/BuildProject/Properties/Source/BuildSpec").asText();
            assertThat(buildSpec).contains("  exported-variables:\n    - WEB_TAG\n    - API_TAG\n")
                    .contains("export WEB_TAG=").contains("export API_TAG=")
                    .contains("{\"tag\": \"%s\", \"apiTag\": \"%s\"}\\n' \"$WEB_TAG\" \"$API_TAG\"");

            JsonNode flip = JSON.readTree(action("Flip").at("/Configuration/UserParameters/Fn::Sub").asText());
            assertThat(flip.get("ElbName").asText()).isEqualTo("${StackName}-alb");
            assertThat(flip.get("Image").asText()).isEqualTo("#{BuildVars.WEB_TAG}");
            // the release: the approval's comment of this execution, the app's strategy, the stack's, each step
            // judged on the bake's limits
            assertThat(flip.get("Pipeline").asText()).isEqualTo("${StackName}-pipeline");
            assertThat(template("pipeline").at("/Resources/Pipeline/Properties/Name/Fn::Sub").asText())
                    .isEqualTo("${StackName}-pipeline");
            assertThat(flip.get("ExecutionId").asText()).isEqualTo("#{codepipeline.PipelineExecutionId}");
            assertThat(flip.get("Strategy").asText()).isEqualTo("${ReleaseStrategy}");
            assertThat(flip.get("AppStrategy").asText()).isEqualTo("#{DiscoverVars.APP_RELEASE_STRATEGY}");
            assertThat(flip.get("Stickiness").asText()).isEqualTo("${ReleaseStickiness}");
            assertThat(flip.get("BakeMaxErrorRate").asText()).isEqualTo("${BakeMaxErrorRate}");
            assertThat(flip.get("BakeMaxP99").asText()).isEqualTo("${BakeMaxP99}");
            JsonNode discover = action("Discover");
            assertThat(discover.get("Namespace").asText()).isEqualTo("DiscoverVars");
            assertThat(discover.get("InputArtifacts")).extracting(a -> a.get("Name").asText())
                    .containsExactly("BuildOutput", "AppSource");
            assertThat(discover.at("/Configuration/PrimarySource").asText()).isEqualTo("BuildOutput");
            assertThat(template("pipeline").at("/Resources/DiscoverProject/Properties/Source/BuildSpec").asText())
                    .contains("  exported-variables:\n    - APP_RELEASE_STRATEGY\n")
                    .contains("export APP_RELEASE_STRATEGY=\"$(cat app-release-strategy)\"");
            assertThat(action("Review").at("/Configuration/CustomData/Fn::Sub/0").asText())
                    .contains("Build #{BuildVars.WEB_TAG} runs on the test listener");
        }

        @Test
        void one_stage_holds_discover_to_flip_so_no_other_execution_comes_between_them() {
            JsonNode pipeline = template("pipeline").at("/Resources/Pipeline/Properties");
            assertThat(pipeline.get("PipelineType").asText()).isEqualTo("V2");
            assertThat(pipeline.get("ExecutionMode").asText()).as("never PARALLEL").isEqualTo("SUPERSEDED");
            assertThat(pipeline.get("Stages")).extracting(s -> s.get("Name").asText())
                    .containsExactly("Source", "Build", "Release");
            JsonNode release = pipeline.get("Stages").get(2).get("Actions");
            assertThat(release).extracting(a -> a.get("Name").asText() + "@" + a.get("RunOrder").asInt())
                    .containsExactly("Discover@1", "Deploy@2", "Check@3", "Review@4", "Flip@5", "Bake@6");
        }

        @Test
        void the_check_action_runs_the_apps_checks_from_the_private_subnets_against_the_test_listener_before_review()
                throws Exception {
            JsonNode check = action("Check");
            assertThat(check.at("/ActionTypeId")).hasToString("{\"Category\":\"Test\",\"Owner\":\"AWS\","
                    + "\"Provider\":\"CodeBuild\",\"Version\":\"1\"}");
            assertThat(check.at("/Configuration/ProjectName")).hasToString("{\"Ref\":\"CheckProject\"}");
            assertThat(check.get("InputArtifacts")).extracting(a -> a.get("Name").asText())
                    .as("the app's checkout: checks.yml and what its commands run").containsExactly("AppSource");
            Map<String, String> variables = new java.util.LinkedHashMap<>();
            JSON.readTree(check.at("/Configuration/EnvironmentVariables/Fn::Sub/0").asText())
                    .forEach(v -> variables.put(v.get("name").asText(), v.get("value").asText()));
            assertThat(variables).containsExactly(Map.entry("TEST_URL", "#{DeployVars.TestUrl}"),
                    Map.entry("BLUEGREEN_TAG", "#{BuildVars.WEB_TAG}"), Map.entry("BLUEGREEN_COMMIT",
                            "${AppRevision}"));
            assertThat(check.at("/Configuration/EnvironmentVariables/Fn::Sub/1/AppRevision")).hasToString(
                    "{\"Fn::If\":[\"FromCodeStar\",\"#{AppVars.CommitId}\",\"#{AppVars.VersionId}\"]}");
            // TEST_URL: the cluster stack's output, which the Deploy action exports as its variables
            assertThat(action("Deploy").get("Namespace").asText()).isEqualTo("DeployVars");
            assertThat(template("cluster").at("/Outputs/TestUrl/Value/Fn::If/2/Fn::Sub").asText())
                    .isEqualTo("http://${LoadBalancer.DNSName}:8080");

            JsonNode project = template("pipeline").at("/Resources/CheckProject/Properties");
            String buildSpec = project.at("/Source/BuildSpec").asText();
            assertThat(buildSpec).contains("java -cp /tmp/bluegreen-aws-functions.jar "
                    + dev.bluegreen.aws.checks.RunChecks.class.getName() + " --test-url \"$TEST_URL\" --tag "
                    + "\"$BLUEGREEN_TAG\" --commit \"$BLUEGREEN_COMMIT\"").contains("java: corretto21");
            // the test listener lets in the NAT gateway's address: the checks leave from the private subnets
            assertThat(project.at("/VpcConfig/VpcId")).hasToString("{\"Ref\":\"VpcId\"}");
            assertThat(project.at("/VpcConfig/Subnets")).hasToString("{\"Fn::Split\":[\",\",{\"Ref\":"
                    + "\"PrivateSubnets\"}]}");
            assertThat(template("main").at("/Resources/PipelineStack/Properties/Parameters/PrivateSubnets"))
                    .hasToString("{\"Fn::GetAtt\":[\"NetworkStack\",\"Outputs.PrivateSubnets\"]}");
            assertThat(template("network").at("/Resources/PrivateDefaultRoute/Properties/NatGatewayId"))
                    .hasToString("{\"Ref\":\"NatGateway\"}");
            assertThat(project.at("/VpcConfig/SecurityGroupIds")).hasToString("[{\"Ref\":\"CheckSecurityGroup\"}]");
            assertThat(template("pipeline").at("/Resources/CheckSecurityGroup/Properties/SecurityGroupIngress")
                    .isMissingNode()).as("nothing comes in").isTrue();
            // its log is what 'bluegreen aws logs check' reads
            assertThat(project.at("/LogsConfig/CloudWatchLogs/GroupName")).hasToString("{\"Ref\":\"BuildLogGroup\"}");
            assertThat(template("pipeline").at("/Resources/BuildLogGroup/Properties/LogGroupName/Fn::Sub").asText())
                    .isEqualTo(dev.bluegreen.aws.logs.ServiceLogs.source("${StackName}", "check").group());
            assertThat(project.at("/LogsConfig/CloudWatchLogs/StreamName").asText())
                    .isEqualTo(dev.bluegreen.aws.logs.ServiceLogs.source("x", "check").streamPrefix());
            JsonNode builds = null;
            for (JsonNode statement : template("pipeline").at("/Resources/PipelineRole/Properties/Policies/0"
                    + "/PolicyDocument/Statement")) {
                builds = statement.path("Sid").asText().equals("Builds") ? statement : builds;
            }
            assertThat(texts(builds.get("Resource"))).as("the pipeline may start it")
                    .contains("{\"Fn::GetAtt\":[\"CheckProject\",\"Arn\"]}");
        }

        @Test
        void the_stacks_release_strategy_is_held_to_what_a_strategy_looks_like_and_reaches_the_flip() {
            String pattern = template("pipeline").at("/Parameters/ReleaseStrategy/AllowedPattern").asText();
            for (String name : List.of("main", "pipeline")) {
                ObjectNode declared = (ObjectNode) template(name).at("/Parameters/ReleaseStrategy").deepCopy();
                declared.remove("Description");
                assertThat(declared.get("Default").asText()).isEqualTo("all-at-once");
                assertThat(declared.get("AllowedPattern").asText()).isEqualTo(pattern);
                assertThat(template(name).at("/Parameters/ReleaseStickiness/MaxValue").asInt())
                        .as("the ALB's longest target group stickiness, 7 days").isEqualTo(604_800);
            }
            for (String parameter : List.of("ReleaseStrategy", "ReleaseStickiness")) {
                assertThat(template("main").at("/Resources/PipelineStack/Properties/Parameters/" + parameter))
                        .hasToString("{\"Ref\":\"" + parameter + "\"}");
            }
            for (String spec : List.of("all-at-once", "canary:10%:5m", "linear:20%:30s", "canary:99%:1500ms",
                    "linear:1%:24h")) {
                assertThat(spec).as("allowed, and the core takes it").matches(pattern);
                assertThat(dev.bluegreen.core.release.ReleaseStrategy.parse(spec).steps()).isNotEmpty();
            }
            for (String spec : List.of("", "canary", "canary:0%:5m", "canary:100%:5m", "linear:10:5m",
                    "canary:10%:0s", "canary:10%:5d", "Canary:10%:5m", "all at once", "canary:10%:5m;x")) {
                assertThat(spec).as("refused before anything is deployed").doesNotMatch(pattern);
            }
            assertThat(template("main").at("/Parameters/ReleaseStrategy/ConstraintDescription").asText())
                    .isEqualTo(dev.bluegreen.core.release.ReleaseStrategy.FORMAT + ".");
        }

        @Test
        void the_bake_watches_the_flipped_build_with_the_stacks_window_and_limits() throws Exception {
            JsonNode bake = JSON.readTree(action("Bake").at("/Configuration/UserParameters/Fn::Sub").asText());
            assertThat(bake.get("ElbName").asText()).isEqualTo("${StackName}-alb");
            assertThat(bake.get("Image").asText()).isEqualTo("#{BuildVars.WEB_TAG}");
            for (String parameter : List.of("BakeWindow", "BakeMaxErrorRate", "BakeMaxP99")) {
                assertThat(bake.get(parameter).asText()).isEqualTo("${" + parameter + "}");
                ObjectNode declared = (ObjectNode) template("pipeline").at("/Parameters/" + parameter).deepCopy();
                ObjectNode inMain = (ObjectNode) template("main").at("/Parameters/" + parameter).deepCopy();
                assertThat(declared.get("Type").asText()).isEqualTo("Number");
                declared.remove("Description");
                inMain.remove("Description");
                assertThat(inMain).as("main.yaml's %s: the same type, default and limits", parameter)
                        .isEqualTo(declared);
                assertThat(template("main").at("/Resources/PipelineStack/Properties/Parameters/" + parameter))
                        .hasToString("{\"Ref\":\"" + parameter + "\"}");
            }
            assertThat(template("pipeline").at("/Parameters/BakeWindow/Default").asInt()).isEqualTo(600_000);
            // once it passed, the side production left goes back to the idle count
            assertThat(bake.get("ProductionTasks").asText()).isEqualTo("${ProductionWebTasks}");
            assertThat(bake.get("IdleTasks").asText()).isEqualTo("${IdleWebTasks}");

            JsonNode function = template("pipeline").at("/Resources/BakeFunction/Properties");
            assertThat(function.get("Handler").asText())
                    .isEqualTo("dev.bluegreen.aws.lambda.BakeHandler::handleRequest");
            assertThat(function.get("Runtime").asText()).isEqualTo("java21");
            assertThat(function.get("Timeout").asInt()).as("a minute's wait for a look, and the AWS calls")
                    .isGreaterThanOrEqualTo(150);
            assertThat(texts(template("pipeline").at("/Resources/BakeRole/Properties/Policies/0/PolicyDocument"
                    + "/Statement/0/Action"))).containsExactly("cloudwatch:GetMetricData");
        }

        @Test
        void buildspecs_are_yaml_whose_commands_are_valid_bash() throws Exception {
            for (String project : List.of("BuildProject", "DiscoverProject", "CheckProject")) {
                String buildSpec = template("pipeline").at("/Resources/" + project + "/Properties/Source/BuildSpec")
                        .asText();
                Run check = run(List.of(PYTHON, "-c", CHECK_BUILDSPEC, buildSpec));
                assertThat(check.output()).as("%s's buildspec", project).isEqualTo("0.2 ok\n");
            }
        }

        private JsonNode action(String name) {
            for (JsonNode stage : template("pipeline").at("/Resources/Pipeline/Properties/Stages")) {
                for (JsonNode action : stage.get("Actions")) {
                    if (action.get("Name").asText().equals(name)) {
                        return action;
                    }
                }
            }
            return fail("no action " + name);
        }

    }

    @Nested
    class Cluster {

        @Test
        void production_listener_follows_ProductionIdentifier_and_the_test_listener_the_other_side() {
            JsonNode cluster = template("cluster");
            String production = "{\"Fn::If\":[\"ProdIsCode1\",{\"Ref\":\"TargetGroup1\"},{\"Ref\":\"TargetGroup2\"}]}";
            String test = "{\"Fn::If\":[\"ProdIsCode1\",{\"Ref\":\"TargetGroup2\"},{\"Ref\":\"TargetGroup1\"}]}";
            assertThat(cluster.at("/Conditions/ProdIsCode1")).hasToString(
                    "{\"Fn::Equals\":[{\"Ref\":\"ProductionIdentifier\"},\"Code1\"]}");
            assertThat(cluster.at("/Resources/ProdListener/Properties/Port").asInt()).isEqualTo(80);
            assertThat(cluster.at("/Resources/ProdListener/Properties/DefaultActions/Fn::If/2/0/TargetGroupArn"))
                    .hasToString(production);
            assertThat(cluster.at("/Resources/ProdTlsListener/Properties/DefaultActions/0/TargetGroupArn"))
                    .hasToString(production);
            assertThat(cluster.at("/Resources/TestListener/Properties/Port"))
                    .hasToString("{\"Fn::If\":[\"HasCertificate\",8443,8080]}");
            assertThat(cluster.at("/Resources/TestListener/Properties/DefaultActions/0/TargetGroupArn"))
                    .hasToString(test);
        }

        @Test
        void a_certificate_puts_production_on_443_with_a_modern_tls_policy_80_redirecting_and_the_test_side_on_8443() {
            JsonNode cluster = template("cluster");
            assertThat(cluster.at("/Conditions/HasCertificate")).hasToString(
                    "{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"CertificateArn\"},\"\"]}]}");
            assertThat(cluster.at("/Parameters/CertificateArn/Default").asText()).isEmpty();
            JsonNode tls = cluster.at("/Resources/ProdTlsListener");
            assertThat(tls.get("Condition").asText()).isEqualTo("HasCertificate");
            assertThat(tls.at("/Properties/Port").asInt()).isEqualTo(443);
            assertThat(tls.at("/Properties/Protocol").asText()).isEqualTo("HTTPS");
            assertThat(tls.at("/Properties/SslPolicy").asText()).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
            assertThat(tls.at("/Properties/Certificates/0/CertificateArn")).hasToString("{\"Ref\":\"CertificateArn\"}");
            assertThat(cluster.at("/Resources/ProdListener/Properties/DefaultActions/Fn::If/1/0")).hasToString(
                    "{\"Type\":\"redirect\",\"RedirectConfig\":{\"Protocol\":\"HTTPS\",\"Port\":\"443\","
                            + "\"StatusCode\":\"HTTP_301\"}}");
            JsonNode testListener = cluster.at("/Resources/TestListener/Properties");
            assertThat(testListener.get("Protocol"))
                    .hasToString("{\"Fn::If\":[\"HasCertificate\",\"HTTPS\",\"HTTP\"]}");
            assertThat(testListener.get("SslPolicy")).hasToString("{\"Fn::If\":[\"HasCertificate\","
                    + "\"ELBSecurityPolicy-TLS13-1-2-2021-06\",{\"Ref\":\"AWS::NoValue\"}]}");
            // the certificate travels from main through the pipeline's Discover step to the cluster
            assertThat(template("main").at("/Resources/PipelineStack/Properties/Parameters/CertificateArn"))
                    .hasToString("{\"Ref\":\"CertificateArn\"}");
            for (String name : List.of("main", "pipeline")) {
                assertThat(template(name).at("/Parameters/CertificateArn/AllowedPattern").asText()).as(name)
                        .isEqualTo(cluster.at("/Parameters/CertificateArn/AllowedPattern").asText());
            }
            // ECS needs production's group behind a listener before its service: 443's, with a certificate
            assertThat(cluster.at("/Resources/ListenersReady/Metadata/Production")).hasToString(
                    "{\"Fn::If\":[\"HasCertificate\",{\"Ref\":\"ProdTlsListener\"},{\"Ref\":\"ProdListener\"}]}");
            for (String service : List.of("BlueService", "GreenService")) {
                assertThat(cluster.at("/Resources/" + service + "/DependsOn").toString()).contains("ListenersReady");
            }
        }

        @Test
        void production_is_open_to_all_and_the_test_listener_to_the_vpcs_nat_gateway_and_TestListenerCidr() {
            String testPort = "{\"Fn::If\":[\"HasCertificate\",8443,8080]}";
            List<String> ingress = new ArrayList<>();
            for (JsonNode rule : template("cluster").at(
                    "/Resources/LoadBalancerSecurityGroup/Properties/SecurityGroupIngress")) {
                ingress.add(rule.get("FromPort") + "-" + rule.get("ToPort") + " " + rule.get("CidrIp"));
            }
            assertThat(ingress).containsExactly("80-80 \"0.0.0.0/0\"",
                    testPort + "-" + testPort + " {\"Ref\":\"NatGatewayCidr\"}");
            List<String> ingressResources = new ArrayList<>();
            CfnTemplate.fields(template("cluster").get("Resources")).forEach((id, r) -> {
                if (r.path("Type").asText().equals("AWS::EC2::SecurityGroupIngress")) {
                    ingressResources.add(id + " if " + r.path("Condition").asText() + ": "
                            + r.at("/Properties/GroupId") + " " + r.at("/Properties/FromPort") + "-"
                            + r.at("/Properties/ToPort") + " " + r.at("/Properties/CidrIp"));
                }
            });
            assertThat(ingressResources).containsExactlyInAnyOrder("ProductionTlsIngress if HasCertificate: "
                    + "{\"Ref\":\"LoadBalancerSecurityGroup\"} 443-443 \"0.0.0.0/0\"",
                    "TesterIngress if HasTestListenerCidr: {\"Ref\":\"LoadBalancerSecurityGroup\"} " + testPort + "-"
                            + testPort + " {\"Ref\":\"TestListenerCidr\"}");
            assertThat(template("cluster").at("/Conditions/HasTestListenerCidr")).hasToString(
                    "{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"TestListenerCidr\"},\"\"]}]}");
            // the NAT gateway's address travels from the network stack through main and pipeline to the cluster
            assertThat(template("network").at("/Outputs/NatPublicIp/Value")).hasToString("{\"Ref\":\"NatAddress\"}");
            assertThat(template("main").at("/Resources/PipelineStack/Properties/Parameters/NatPublicIp"))
                    .hasToString("{\"Fn::GetAtt\":[\"NetworkStack\",\"Outputs.NatPublicIp\"]}");
            assertThat(template("main").at("/Parameters/TestListenerCidr/Default").asText()).isEmpty();
        }

        @Test
        void each_target_group_carries_its_identifier_image_and_is_production_tags() {
            String cluster = dev.bluegreen.aws.ecs.EcsCapacity.CLUSTER_TAG + "={\"Ref\":\"Cluster\"}";
            assertThat(tags("TargetGroup1")).containsExactlyInAnyOrder("Identifier=\"Code1\"",
                    "Image={\"Ref\":\"Code1\"}", "IsProduction={\"Fn::If\":[\"ProdIsCode1\",\"true\",\"false\"]}",
                    "bluegreen:stack={\"Ref\":\"StackName\"}", cluster);
            assertThat(tags("TargetGroup2")).containsExactlyInAnyOrder("Identifier=\"Code2\"",
                    "Image={\"Ref\":\"Code2\"}", "IsProduction={\"Fn::If\":[\"ProdIsCode1\",\"false\",\"true\"]}",
                    "bluegreen:stack={\"Ref\":\"StackName\"}", cluster);
            // the service that feeds each group is the one whose load balancer names it (EcsCapacity finds it so)
            assertThat(template("cluster").at("/Resources/BlueService/Properties/LoadBalancers/0/TargetGroupArn"))
                    .hasToString("{\"Ref\":\"TargetGroup1\"}");
            assertThat(template("cluster").at("/Resources/GreenService/Properties/LoadBalancers/0/TargetGroupArn"))
                    .hasToString("{\"Ref\":\"TargetGroup2\"}");
        }

        @Test
        void production_and_a_new_build_run_production_web_tasks_and_autoscaling_never_scales_in_a_side() {
            JsonNode cluster = template("cluster");
            assertThat(cluster.at("/Resources/BlueService/Properties/DesiredCount")).hasToString(
                    "{\"Fn::If\":[\"ProdIsCode1\",{\"Ref\":\"ProductionWebTasks\"},{\"Ref\":\"TestWebTasks\"}]}");
            assertThat(cluster.at("/Resources/GreenService/Properties/DesiredCount")).hasToString(
                    "{\"Fn::If\":[\"ProdIsCode1\",{\"Ref\":\"TestWebTasks\"},{\"Ref\":\"ProductionWebTasks\"}]}");
            assertThat(cluster.at("/Parameters/ProductionWebTasks/Default").asInt()).isEqualTo(2);
            assertThat(cluster.at("/Parameters/TestWebTasks/Default").asInt()).as("production's default").isEqualTo(2);
            assertThat(cluster.at("/Parameters/TestWebTasks/MaxValue").asInt()).isEqualTo(
                    cluster.at("/Resources/BlueScalableTarget/Properties/MaxCapacity").asInt());
            assertThat(cluster.at("/Parameters/IdleWebTasks").isMissingNode()).as("the bake idles, not the stack")
                    .isTrue();
            ObjectNode idle = (ObjectNode) template("main").at("/Parameters/IdleWebTasks").deepCopy();
            idle.remove("Description");
            ObjectNode idleInPipeline = (ObjectNode) template("pipeline").at("/Parameters/IdleWebTasks").deepCopy();
            idleInPipeline.remove("Description");
            assertThat(idleInPipeline).isEqualTo(idle);
            for (String parameter : List.of("ProductionWebTasks")) {
                ObjectNode inCluster = (ObjectNode) cluster.at("/Parameters/" + parameter).deepCopy();
                inCluster.remove("Description");
                for (String name : List.of("main", "pipeline")) {
                    ObjectNode declared = (ObjectNode) template(name).at("/Parameters/" + parameter).deepCopy();
                    declared.remove("Description");
                    assertThat(declared).as("%s's %s: the type, default and limits of cluster.yaml's", name,
                            parameter).isEqualTo(inCluster);
                }
                assertThat(template("main").at("/Resources/PipelineStack/Properties/Parameters/" + parameter))
                        .hasToString("{\"Ref\":\"" + parameter + "\"}");
                assertThat(inCluster.get("MaxValue").asInt()).as("within the autoscaling ceiling").isEqualTo(
                        cluster.at("/Resources/BlueScalableTarget/Properties/MaxCapacity").asInt());
            }
            for (String side : List.of("BlueCpuScaling", "GreenCpuScaling")) {
                assertThat(cluster.at("/Resources/" + side + "/Properties/TargetTrackingScalingPolicyConfiguration"
                        + "/DisableScaleIn").asBoolean()).as("%s: scaling in would take production below its count",
                        side).isTrue();
            }
        }

        @Test
        void has_the_outputs_the_cli_reads() {
            assertThat(names(template("cluster").get("Outputs"))).containsExactlyInAnyOrder("ProdUrl", "TestUrl",
                    "LoadBalancerName", "ClusterName", "BlueServiceName", "GreenServiceName", "ApiServiceName",
                    "DashboardUrl");
        }

        private List<String> tags(String resource) {
            List<String> tags = new ArrayList<>();
            template("cluster").at("/Resources/" + resource + "/Properties/Tags")
                    .forEach(t -> tags.add(t.get("Key").asText() + "=" + t.get("Value")));
            return tags;
        }
    }

    @Test
    void the_table_and_the_repositories_outlive_the_stack() {
        for (String resource : List.of("MoviesTable", "WebRepository", "ApiRepository")) {
            JsonNode r = template("data").at("/Resources/" + resource);
            assertThat(r.get("DeletionPolicy").asText()).as(resource).isEqualTo("Retain");
            assertThat(r.get("UpdateReplacePolicy").asText()).as(resource).isEqualTo("Retain");
        }
        assertThat(template("data").at("/Resources/MoviesTable/Properties/GlobalSecondaryIndexes/0/IndexName").asText())
                .isEqualTo("title-index");
    }

    @Test
    void no_policy_allows_every_action_nor_a_whole_service_on_every_resource() {
        List<String> everything = new ArrayList<>();
        Set<String> serviceWideOnEveryResource = new TreeSet<>();
        NAMES.forEach(name -> forEachAllowStatement(template(name).get("Resources"), "", (where, statement) -> {
            List<String> actions = texts(statement.get("Action"));
            List<String> resources = texts(statement.get("Resource"));
            if (actions.contains("*") || statement.has("NotAction")) {
                everything.add(name + where);
            }
            if (resources.contains("*") && actions.stream().anyMatch(a -> a.endsWith(":*"))) {
                serviceWideOnEveryResource.add(name + where.replaceAll("/Properties.*", ""));
            }
        }));
        assertThat(everything).as("Allow statements with Action * (or NotAction)").isEmpty();
        assertThat(serviceWideOnEveryResource).as("service:* on every resource").isEmpty();
    }

    @Test
    void the_data_stack_tags_what_outlives_it_and_can_use_it_again_instead_of_making_it() {
        JsonNode data = template("data");
        Map<String, String> conditions = Map.of("MoviesTable", "CreateTable", "WebRepository", "CreateWebRepository",
                "ApiRepository", "CreateApiRepository");
        conditions.forEach((resource, condition) -> {
            assertThat(data.at("/Resources/" + resource + "/Properties/Tags").toString()).as(resource)
                    .contains("{\"Key\":\"bluegreen:stack\",\"Value\":{\"Ref\":\"StackName\"}}");
            assertThat(data.at("/Resources/" + resource + "/Condition").asText()).as(resource).isEqualTo(condition);
        });
        assertThat(data.at("/Conditions/CreateTable")).hasToString(
                "{\"Fn::Equals\":[{\"Ref\":\"UseExistingTable\"},\"false\"]}");
        assertThat(data.at("/Outputs/TableName/Value")).hasToString(
                "{\"Fn::If\":[\"CreateTable\",{\"Ref\":\"MoviesTable\"},{\"Ref\":\"TableName\"}]}");
        assertThat(data.at("/Resources/Always/Type").asText()).as("a resource when all three are used again")
                .isEqualTo("AWS::CloudFormation::WaitConditionHandle");
        assertThat(data.at("/Resources/Always/Condition").isMissingNode()).isTrue();
    }

    @Nested
    class Permissions {

        private static final String BOUNDARY = "{\"Ref\":\"ClusterRolesBoundary\"}";

        private List<JsonNode> statements(String template, String resource) {
            List<JsonNode> statements = new ArrayList<>();
            template(template).at("/Resources/" + resource + "/Properties").findValues("Statement")
                    .forEach(list -> list.forEach(statements::add));
            return statements;
        }

        @Test
        void every_role_the_cluster_stack_makes_has_the_boundary_that_the_pipeline_stack_passes() {
            JsonNode cluster = template("cluster");
            List<String> roles = new ArrayList<>();
            CfnTemplate.fields(cluster.get("Resources")).forEach((id, r) -> {
                if (r.path("Type").asText().equals("AWS::IAM::Role")) {
                    roles.add(id + " " + r.at("/Properties/PermissionsBoundary") + " " + r.at("/Properties/Path"));
                }
            });
            assertThat(roles).hasSize(3).allMatch(r -> r.endsWith(
                    "{\"Ref\":\"PermissionsBoundaryArn\"} {\"Fn::Sub\":\"/${AWS::StackName}/\"}"), "boundary and path");
            assertThat(template("pipeline").at("/Resources/DiscoverProject/Properties/Environment").toString())
                    .contains("\\\"PermissionsBoundaryArn\\\": \\\"${ClusterRolesBoundary}\\\"");
            assertThat(template("pipeline").at("/Resources/ClusterRolesBoundary/Type").asText())
                    .isEqualTo("AWS::IAM::ManagedPolicy");
        }

        @Test
        void the_boundary_allows_only_what_the_clusters_tasks_and_instances_need() {
            Set<String> actions = new TreeSet<>();
            statements("pipeline", "ClusterRolesBoundary").forEach(st -> {
                assertThat(st.get("Effect").asText()).isEqualTo("Allow");
                actions.addAll(texts(st.get("Action")));
            });
            assertThat(actions).allMatch(a -> a.matches("(ecr|logs|dynamodb|ecs|ec2):\\w+\\*?"), "no IAM, STS, S3...")
                    .noneMatch(a -> a.endsWith(":*")).contains("dynamodb:Query", "ecr:BatchGetImage",
                            "logs:PutLogEvents", "ecs:RegisterContainerInstance")
                    .noneMatch(a -> a.startsWith("dynamodb:Put") || a.startsWith("dynamodb:Delete"));
        }

        @Test
        void the_deploy_role_makes_and_changes_roles_only_with_the_boundary_and_passes_them_only_to_ecs_and_ec2() {
            List<JsonNode> statements = statements("pipeline", "ClusterDeployRole");
            Set<String> iam = new TreeSet<>();
            for (JsonNode st : statements) {
                for (String action : texts(st.get("Action"))) {
                    if (action.startsWith("iam:") && st.get("Effect").asText().equals("Allow")) {
                        iam.add(action);
                        if (List.of("iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy",
                                "iam:DetachRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary")
                                .contains(action)) {
                            assertThat(st.at("/Condition/StringEquals/iam:PermissionsBoundary")).as(action)
                                    .hasToString(BOUNDARY);
                        }
                        if (action.equals("iam:PassRole")) {
                            assertThat(texts(st.at("/Condition/StringEquals/iam:PassedToService")))
                                    .containsExactlyInAnyOrder("ecs-tasks.amazonaws.com", "ec2.amazonaws.com");
                        }
                        if (!action.equals("iam:CreateServiceLinkedRole")) {
                            assertThat(texts(st.get("Resource"))).as(action).allMatch(r -> r.contains(
                                    "-cluster/*"), "under the cluster stack's path");
                        }
                    }
                }
            }
            assertThat(iam).doesNotContain("iam:DeleteRolePermissionsBoundary", "iam:CreatePolicy",
                    "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:PutUserPolicy",
                    "iam:CreateUser", "iam:CreateAccessKey");
            assertThat(statements).anyMatch(st -> st.get("Effect").asText().equals("Deny")
                    && texts(st.get("Action")).equals(List.of("iam:AttachRolePolicy"))
                    && st.at("/Condition/ArnNotEquals/iam:PolicyARN").toString()
                    .contains("AmazonEC2ContainerServiceforEC2Role"));
        }

        /**
         * A write on every resource ("*") must be held by the stack's tag, by a create action's tag, or by names;
         * the few actions whose service has neither are named here with the reason.
         */
        @Test
        void the_deploy_roles_writes_on_every_resource_are_held_by_the_stacks_tag() {
            Map<String, String> unheld = Map.of(
                    "ecs:DeregisterTaskDefinition", "no resource-level permissions",
                    "application-autoscaling:RegisterScalableTarget", "CloudFormation's scalable targets take no tags",
                    "application-autoscaling:DeregisterScalableTarget", "as above",
                    "application-autoscaling:PutScalingPolicy", "as above",
                    "application-autoscaling:DeleteScalingPolicy", "as above",
                    "route53:CreateHostedZone", "Route 53 has no tag conditions (Cloud Map's private zone)",
                    "route53:DeleteHostedZone", "as above; only an empty zone can be deleted",
                    "route53:AssociateVPCWithHostedZone", "as above",
                    "route53:ChangeTagsForResource", "as above");
            List<String> loose = new ArrayList<>();
            for (JsonNode st : statements("pipeline", "ClusterDeployRole")) {
                if (!st.get("Effect").asText().equals("Allow") || !texts(st.get("Resource")).contains("*")) {
                    continue;
                }
                String condition = st.path("Condition").toString();
                boolean held = condition.contains("aws:ResourceTag/bluegreen:stack")
                        || condition.contains("aws:RequestTag/bluegreen:stack") || condition.contains("CreateAction")
                        || condition.contains("route53:ChangeResourceRecordSetsNormalizedRecordNames");
                for (String action : texts(st.get("Action"))) {
                    boolean read = action.matches("[\\w-]+:(Describe|List|Get)\\w*\\*?");
                    if (!read && !held && !unheld.containsKey(action)) {
                        loose.add(st.path("Sid").asText() + ": " + action);
                    }
                }
            }
            assertThat(loose).as("writes on every resource without the stack's tag").isEmpty();
        }

        @Test
        void what_the_deploy_role_holds_by_tag_is_tagged_by_the_cluster_stack() {
            Set<String> tagged = Set.of("AWS::EC2::SecurityGroup", "AWS::ElasticLoadBalancingV2::LoadBalancer",
                    "AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::ECS::Cluster", "AWS::ECS::Service",
                    "AWS::ECS::TaskDefinition", "AWS::ECS::CapacityProvider",
                    "AWS::ServiceDiscovery::PrivateDnsNamespace", "AWS::ServiceDiscovery::Service",
                    "AWS::AutoScaling::AutoScalingGroup");
            String tag = "{\"Key\":\"bluegreen:stack\",\"Value\":{\"Ref\":\"StackName\"}";
            List<String> untagged = new ArrayList<>();
            CfnTemplate.fields(template("cluster").get("Resources")).forEach((id, r) -> {
                if (tagged.contains(r.path("Type").asText()) && !r.at("/Properties/Tags").toString().contains(tag)) {
                    untagged.add(id);
                }
            });
            assertThat(untagged).isEmpty();
            assertThat(template("cluster").at("/Resources/Ec2LaunchTemplate/Properties/TagSpecifications").toString())
                    .contains("launch-template", "bluegreen:stack");
        }

        @Test
        void the_flip_reads_this_pipelines_approval_and_judges_steps_with_cloudwatch() {
            List<String> own = new ArrayList<>();
            for (JsonNode st : statements("pipeline", "FlipRole")) {
                own.add(texts(st.get("Action")) + " " + texts(st.get("Resource")));
            }
            assertThat(own).contains("[codepipeline:GetPipelineState] [{\"Fn::Sub\":\"arn:${AWS::Partition}:"
                    + "codepipeline:${AWS::Region}:${AWS::AccountId}:${StackName}-pipeline\"}]",
                    "[cloudwatch:GetMetricData] [*]");
        }

        @Test
        void the_flip_and_bake_roles_scale_only_this_stacks_services() {
            List<String> scaling = new ArrayList<>();
            for (JsonNode st : statements("pipeline", "SwitchTrafficPolicy")) {
                List<String> actions = texts(st.get("Action"));
                if (actions.stream().anyMatch(a -> a.startsWith("ecs:"))) {
                    scaling.add(actions + " " + texts(st.get("Resource")) + " " + st.path("Condition"));
                }
            }
            assertThat(scaling).containsExactlyInAnyOrder("[ecs:ListServices, ecs:DescribeServices] [*] ",
                    "[ecs:UpdateService] [{\"Fn::Sub\":\"arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:"
                            + "service/*\"}] {\"StringEquals\":{\"aws:ResourceTag/bluegreen:stack\":"
                            + "{\"Ref\":\"StackName\"}}}");
            assertThat(template("cluster").at("/Resources/BlueService/Properties/Tags").toString())
                    .contains("{\"Key\":\"bluegreen:stack\",\"Value\":{\"Ref\":\"StackName\"}}");
            assertThat(template("cluster").at("/Resources/GreenService/Properties/Tags").toString())
                    .contains("{\"Key\":\"bluegreen:stack\",\"Value\":{\"Ref\":\"StackName\"}}");
            assertThat(template("pipeline").at("/Resources/FlipFunction/Properties/Timeout").asInt())
                    .as("a minute's wait for the side's tasks, and the AWS calls").isGreaterThanOrEqualTo(150);
        }

        @Test
        void the_flip_and_bake_roles_tag_only_this_stacks_target_groups_and_load_balancer() {
            for (String role : List.of("FlipRole", "BakeRole")) {
                assertThat(template("pipeline").at("/Resources/" + role + "/Properties/ManagedPolicyArns"))
                        .hasToString("[{\"Ref\":\"SwitchTrafficPolicy\"}]");
                assertThat(statements("pipeline", role)).as("%s's own statements", role)
                        .noneMatch(st -> st.toString().contains("elasticloadbalancing:"));
            }
            List<String> tagging = new ArrayList<>();
            for (JsonNode st : statements("pipeline", "SwitchTrafficPolicy")) {
                if (texts(st.get("Action")).contains("elasticloadbalancing:AddTags")) {
                    tagging.add(texts(st.get("Resource")) + " " + st.path("Condition"));
                }
            }
            assertThat(tagging).containsExactlyInAnyOrder(
                    "[{\"Fn::Sub\":\"arn:${AWS::Partition}:elasticloadbalancing:${AWS::Region}:${AWS::AccountId}:"
                            + "loadbalancer/app/${StackName}-alb/*\"}] ",
                    "[{\"Fn::Sub\":\"arn:${AWS::Partition}:elasticloadbalancing:${AWS::Region}:${AWS::AccountId}:"
                            + "targetgroup/*\"}] {\"StringEquals\":{\"aws:ResourceTag/bluegreen:stack\":"
                            + "{\"Ref\":\"StackName\"}}}");
        }
    }

    private interface StatementVisitor {
        void visit(String where, JsonNode statement);
    }

    private static void forEachAllowStatement(JsonNode node, String where, StatementVisitor visitor) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            if (node.has("Effect") && "Allow".equals(node.get("Effect").asText())) {
                visitor.visit(where, node);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                forEachAllowStatement(field.getValue(), where + "/" + field.getKey(), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                forEachAllowStatement(node.get(i), where + "/" + i, visitor);
            }
        }
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        Consumer<JsonNode> add = n -> texts.add(n.isTextual() ? n.asText() : n.toString());
        if (node == null) {
            return texts;
        }
        if (node.isArray()) {
            node.forEach(add);
        } else {
            add.accept(node);
        }
        return texts;
    }

    private static JsonNode template(String name) {
        return templates.get(name);
    }

    private static Path file(String name) {
        return TEMPLATES.resolve(name + ".yaml");
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> declared(JsonNode parameters) {
        return names(parameters);
    }

    private static Set<String> required(JsonNode parameters) {
        Set<String> required = new HashSet<>();
        parameters.fields().forEachRemaining(p -> {
            if (!p.getValue().has("Default")) {
                required.add(p.getKey());
            }
        });
        return required;
    }

    private record Run(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + (stderr.isBlank() ? "" : "\n" + stderr);
        }
    }

    /** Runs a command to its end (2 minutes at most); a command that cannot start fails with how to install it. */
    private static Run run(List<String> command) throws Exception {
        Path stdout = Files.createTempFile("templates-test", ".out");
        Path stderr = Files.createTempFile("templates-test", ".err");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).directory(PROJECT.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            } catch (IOException e) {
                return fail("cannot run " + command.get(0) + " (" + e.getMessage() + "). "
                        + CfnTemplate.INSTALL_HINT);
            }
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return fail(command.get(0) + " did not finish within 2 minutes");
            }
            return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
