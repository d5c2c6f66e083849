package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Bake: watches production for the policy's window after the flip; the first breach rolls back at once, for every
 * further sample would be served by the bad build. The side production left keeps its tasks until then, so that the
 * rollback is immediate; afterwards it idles. The first run puts its build there too: both sides then run it.
 */
final class BakeStep implements Step {

    private final Deployments deployments;
    private final BakePolicy policy;
    private final Duration sampleEvery;
    private final Clock clock;

    BakeStep(Deployments deployments, BakePolicy policy, Duration sampleEvery, Clock clock) {
        this.deployments = deployments;
        this.policy = policy;
        this.sampleEvery = sampleEvery;
        this.clock = clock;
    }

    @Override
    public Stage stage() {
        return Stage.BAKE;
    }

    @Override
    public Optional<PipelineEvent> run(StepContext context) throws InterruptedException {
        Supplier<BakePolicy.Sample> production = deployments.watchProduction();
        Instant end = clock.instant().plus(policy.window());
        while (clock.instant().isBefore(end)) {
            // the last sample is taken at the end of the window, not a whole interval after it
            Thread.sleep(Math.min(sampleEvery.toMillis(),
                    Math.max(1, Duration.between(clock.instant(), end).toMillis())));
            Optional<String> breach = policy.breach(production.get());
            if (breach.isPresent()) {
                return Optional.of(rollBack(breach.get()));
            }
        }
        String healthy = "production healthy for " + policy.window().toSeconds() + " s";
        if (context.execution().firstRun()) {
            // deployed at production's count like every build; as the test side, it then idles
            Outcome other = deployments.deploy(context.tag(), ACTOR, context.cancelled());
            return Optional.of(new PipelineEvent.Succeeded(Stage.BAKE, healthy + "; " + (other.done()
                    ? "first run: " + other.message() + "; " + deployments.idle(ACTOR).message()
                    : "the other side keeps what it ran: " + other.message())));
        }
        return Optional.of(new PipelineEvent.Succeeded(Stage.BAKE, healthy + "; " + deployments.idle(ACTOR)
                .message()));
    }

    private PipelineEvent rollBack(String breach) {
        Outcome rollback = deployments.rollback(ACTOR, breach);
        if (rollback.done()) {
            deployments.idle(ACTOR);
        }
        return new PipelineEvent.RolledBack(breach + (rollback.done() ? ""
                : "; the rollback failed: " + rollback.message()));
    }
}
