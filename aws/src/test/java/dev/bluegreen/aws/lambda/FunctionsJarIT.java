package dev.bluegreen.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.aws.MotoAlb;
import dev.bluegreen.aws.checks.TestSide;
import dev.bluegreen.aws.ecs.EcsCapacity;
import dev.bluegreen.aws.ecs.FakeEcs;
import dev.bluegreen.testing.MotoServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged bluegreen-aws-functions.jar, run as AWS runs it: by CodeBuild as the Discover step
 * ({@code java -jar}) and as the Check action (its checks against a real HTTP server standing for the test listener),
 * and by Lambda's Java runtime client as the flip and bake functions. Its AWS calls go to moto's server
 * (ELB) and a fake CodePipeline, through the environment variables the SDK reads.
 */
class FunctionsJarIT {

    static MotoServer moto;

    @TempDir
    Path dir;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    @Test
    void the_deployer_writes_the_deploy_actions_template_configuration_as_the_discover_step() throws Exception {
        MotoAlb lb = MotoAlb.create(moto, "v1");
        Files.writeString(dir.resolve("build.json"), "{\"tag\": \"c0ffee12-4\", \"apiTag\": \"platform-9\"}");

        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/release.yml"), "version: 1\nstrategy: canary:10%:5m\n");

        Result run = run(env(null), "-jar", jar(), "--build-json", "build.json", "--load-balancer", lb.name,
                "--parameters", "{\"StackName\": \"shop\", \"TableName\": \"Movies\", \"ProductionWebTasks\": \"2\"}",
                "--app-source", "app", "--release-out", "app-release-strategy", "--out", "cluster-config.json");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("build c0ffee12-4 goes to Code2 at 2 task(s); production stays on Code1 "
                + "(v1); the app's release strategy: canary:10%:5m")
                .contains("release.yml asks for canary:10%:5m");
        assertThat(Files.readString(dir.resolve("cluster-config.json")))
                .isEqualToIgnoringWhitespace("{\"Parameters\": {\"StackName\": \"shop\", \"TableName\": \"Movies\", "
                        + "\"ProductionWebTasks\": \"2\", \"Code1\": \"v1\", \"Code2\": \"c0ffee12-4\", "
                        + "\"ProductionIdentifier\": \"Code1\", \"ApiTag\": \"platform-9\", \"TestWebTasks\": \"2\"}}");
        assertThat(Files.readString(dir.resolve("app-release-strategy"))).isEqualTo("canary:10%:5m");
    }

    @Test
    void the_deployer_explains_its_usage() throws Exception {
        Result run = run(env(null), "-jar", jar(), "--build-json", "build.json");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("error: --load-balancer is missing")
                .contains("usage: java -jar bluegreen-aws-functions.jar");
    }

    @Test
    void the_checks_run_as_the_check_action_runs_them_and_a_failing_one_fails_it_with_its_name_and_output()
            throws Exception {
        Files.copy(Path.of("..", "sample-app", "checks.yml"), dir.resolve("checks.yml"));
        try (TestSide testSide = new TestSide("app1-7")) {
            String[] checks = {"-cp", jar(), "dev.bluegreen.aws.checks.RunChecks", "--test-url",
                testSide.url().toString(), "--tag", "app1-7", "--commit", "c0ffee1234"};

            Result passing = run(env(null), checks);

            assertThat(passing.exit()).as(passing.output()).isZero();
            assertThat(passing.output()).contains("3 checks passed on the test side: 'the home page offers the "
                    + "searches' (");
            assertThat(testSide.requests).containsExactly("/", "/year?year=1942", "/version");

            Files.writeString(dir.resolve("checks.yml"), Files.readString(dir.resolve("checks.yml"))
                    + "  - name: smoke test\n    command: echo \"smoking $TEST_URL\"; exit 4\n");
            Result failing = run(env(null), checks);

            assertThat(failing.exit()).isEqualTo(1);
            assertThat(failing.output()).endsWith("1 of 4 checks failed on the test side: 'smoke test'\n"
                    + "smoke test: the command exited with code 4\n  smoking " + testSide.url() + "\n");
        }
    }

    @Test
    void the_flip_function_runs_in_lambdas_java_runtime_and_scales_the_side_to_productions_count() throws Exception {
        MotoAlb lb = MotoAlb.create(moto, "v1");
        lb.setTag(lb.green, "Image", "v2");
        try (FakeCodePipeline pipeline = new FakeCodePipeline(); FakeLambdaRuntime lambda = new FakeLambdaRuntime();
             FakeEcs ecs = new FakeEcs(lb.elb).startingAtOnce()) {
            ecs.service("movies-cluster", "blue-web", lb.groupArn(lb.blue), 2);
            ecs.service("movies-cluster", "green-web", lb.groupArn(lb.green), 1);
            lb.setTag(lb.blue, EcsCapacity.CLUSTER_TAG, "movies-cluster");
            lb.setTag(lb.green, EcsCapacity.CLUSTER_TAG, "movies-cluster");
            Map<String, String> env = env(pipeline);
            env.put("AWS_ENDPOINT_URL_ECS", ecs.endpoint().toString());
            Process function = function(lambda, env, "FlipHandler");
            try {
                String answer = answer(function, lambda.invoke("req-1", FlipHandlerTest.job("job-9",
                        FlipHandlerTest.flip(lb, "v2"))));

                assertThat(answer).isEqualTo("{\"jobId\":\"job-9\",\"outcome\":\"succeeded\"}");
                assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
                assertThat(ecs.desired("green-web")).isEqualTo(2);
                assertThat(pipeline.calls).extracting(FakeCodePipeline.Call::operation)
                        .containsExactly("PutJobSuccessResult");
            } finally {
                function.destroyForcibly().waitFor();
            }
            assertThat(Files.readString(dir.resolve("function.log")))
                    .as("structured logs").contains("\"event\":\"flip-done\"").contains("\"jobId\":\"job-9\"")
                    .contains("\"event\":\"flip-scaling\"");
        }
    }

    @Test
    void the_bake_function_runs_in_lambdas_java_runtime_continues_and_reads_cloudwatch() throws Exception {
        MotoAlb lb = MotoAlb.create(moto, "v1");
        String production = lb.groupArn(lb.blue);
        try (FakeCodePipeline pipeline = new FakeCodePipeline(); FakeCloudWatch cloudWatch = new FakeCloudWatch();
             FakeLambdaRuntime lambda = new FakeLambdaRuntime()) {
            cloudWatch.targetGroup(production.substring(production.indexOf(":targetgroup/") + 1), 40, 0, 0.05);
            Map<String, String> env = env(pipeline);
            env.put("AWS_ENDPOINT_URL_CLOUDWATCH", cloudWatch.endpoint().toString());
            String parameters = "{\"ElbName\": \"" + lb.name + "\", \"Image\": \"v1\", \"BakeWindow\": \"1\", "
                    + "\"BakeMaxErrorRate\": \"0.05\", \"BakeMaxP99\": \"2000\"}";
            Process function = function(lambda, env, "BakeHandler");
            try {
                String first = answer(function, lambda.invoke("req-1", FlipHandlerTest.job("bake-1", parameters)));
                assertThat(first).isEqualTo("{\"jobId\":\"bake-1\",\"outcome\":\"continues\"}");
                String token = pipeline.calls.get(0).body().path("continuationToken").asText();

                String second = answer(function, lambda.invoke("req-2", FlipHandlerTest.job("bake-2", parameters,
                        token)));

                assertThat(second).isEqualTo("{\"jobId\":\"bake-2\",\"outcome\":\"succeeded\"}");
                assertThat(pipeline.calls.get(1).body().at("/executionDetails/summary").asText())
                        .startsWith("production healthy for 0 s: 40 requests, 0 5xx, p99 50 ms");
                assertThat(cloudWatch.requests).hasSize(1);
            } finally {
                function.destroyForcibly().waitFor();
            }
            assertThat(Files.readString(dir.resolve("function.log"))).as("structured logs")
                    .contains("\"event\":\"bake-started\"").contains("\"event\":\"bake-passed\"");
        }
    }

    /** A function of the jar, started as Lambda's java21 runtime starts it, polling {@code lambda} for events. */
    private Process function(FakeLambdaRuntime lambda, Map<String, String> env, String handlerClass)
            throws Exception {
        String handler = "dev.bluegreen.aws.lambda." + handlerClass + "::handleRequest";
        // what Lambda's environment holds for a java21 function (the runtime client reads them natively)
        env.put("AWS_LAMBDA_RUNTIME_API", lambda.address());
        env.put("_HANDLER", handler);
        env.put("LAMBDA_TASK_ROOT", dir.toString());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "movies-function");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/movies-function");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/28/[$LATEST]0");
        return start(env, "-cp", jar() + File.pathSeparator + runtimeClient(),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler);
    }

    /** What the function answered to one invocation, within 90 s. */
    private String answer(Process function, CompletableFuture<String> invocation) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!invocation.isDone() && function.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(invocation).as("the function answered; its output:%n%s",
                Files.readString(dir.resolve("function.log"))).isDone();
        return invocation.get();
    }

    private Map<String, String> env(FakeCodePipeline pipeline) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY, "AWS_REGION", MotoAlb.REGION,
                "AWS_ENDPOINT_URL", moto.endpoint().toString()));
        if (pipeline != null) {
            env.put("AWS_ENDPOINT_URL_CODEPIPELINE", pipeline.endpoint().toString());
        }
        return env;
    }

    record Result(int exit, String output) {
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        Process process = start(env, args);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("java " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(dir.resolve("function.log")));
    }

    private Process start(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("function.log").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private static String jar() {
        String jar = System.getProperty("functions.jar");
        assertThat(jar).as("the functions.jar system property (set by the failsafe plugin)").isNotNull();
        assertThat(Path.of(jar)).exists();
        return jar;
    }

    /** The runtime client and its serialisation library, from this test's class path. */
    private static String runtimeClient() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.contains("aws-lambda-java-runtime-interface-client")
                        || p.contains("aws-lambda-java-serialization"))
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
    }
}
