package dev.bluegreen.aws.flip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.MotoAlb;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Flips and rollbacks of a real ALB API (moto's server), as the Lambda and `bluegreen aws flip` do them. */
class AlbFlipperTest {

    static MotoServer moto;
    MotoAlb lb;
    AlbFlipper flipper;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    @BeforeEach
    void loadBalancer() {
        lb = MotoAlb.create(moto, "v1");
        flipper = new AlbFlipper(Alb.named(lb.elb, lb.name));
    }

    @Test
    void aFlipSwapsTheListenersAndTheIsProductionTags() {
        AlbFlipper.Outcome outcome = flipper.flip(null);

        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(lb.forwardsTo(8080)).isEqualTo(lb.blue);
        assertThat(lb.tag(lb.green, "IsProduction")).isEqualTo("true");
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("false");
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.summary()).isEqualTo("flip done: production is on " + lb.green + " (v1), test on "
                + lb.blue + " (v1)");

        flipper.flip(null);
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("true");
    }

    @Test
    void aFlipToASideWithNoHealthyTargetIsRefusedAndChangesNothing() {
        lb.empty(lb.green);

        assertThatThrownBy(() -> flipper.flip(null)).isInstanceOf(AwsException.class)
                .hasMessage("flip refused: target group '" + lb.green + "' has no healthy target; production stays "
                        + "on '" + lb.blue + "'");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);
        assertThat(lb.forwardsTo(8080)).isEqualTo(lb.green);
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("true");
    }

    @Test
    void aFlipInterruptedBetweenTheListenersIsFinishedNotReversed() {
        // a crash after the production listener moved: both listeners on green, the tags untouched
        lb.forward(80, lb.green);

        AlbFlipper.Outcome outcome = flipper.flip(null);

        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(lb.forwardsTo(8080)).isEqualTo(lb.blue);
        assertThat(lb.tag(lb.green, "IsProduction")).isEqualTo("true");
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("false");
        assertThat(outcome.live()).isEqualTo(lb.green);
    }

    @Test
    void aFlipInterruptedBeforeTheTagsOnlyFixesTheTags() {
        lb.forward(80, lb.green);
        lb.forward(8080, lb.blue);

        AlbFlipper.Outcome outcome = flipper.flip(null);

        assertThat(lb.forwardsTo(80)).as("production stays where it already is").isEqualTo(lb.green);
        assertThat(lb.tag(lb.green, "IsProduction")).isEqualTo("true");
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("false");
        assertThat(outcome.changed()).isTrue();
    }

    @Test
    void theSameRequestDeliveredTwiceFlipsOnce() {
        flipper.flip("job-1");
        AlbFlipper.Outcome again = flipper.flip("job-1");

        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(again.changed()).isFalse();
        assertThat(again.summary()).startsWith("nothing to do: production is already on " + lb.green);

        flipper.flip("job-2");
        assertThat(lb.forwardsTo(80)).as("a new request flips").isEqualTo(lb.blue);
    }

    @Test
    void rollbackUndoesTheLastFlipWhileTheOldVersionStillRuns() {
        lb.setTag(lb.green, "Image", "v2");
        flipper.flip(null);
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);

        AlbFlipper.Outcome back = flipper.rollback();

        assertThat(back.summary()).isEqualTo("rollback done: production is on " + lb.blue + " (v1), test on "
                + lb.green + " (v2)");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("true");
    }

    @Test
    void rollbackIsRefusedWithoutAFlipOrOnceTheOldVersionIsReplaced() {
        assertThatThrownBy(() -> flipper.rollback()).hasMessage("rollback refused: there is no earlier flip to "
                + "roll back");

        lb.setTag(lb.green, "Image", "v2");
        flipper.flip(null);
        lb.setTag(lb.blue, "Image", "v3"); // the next build replaced the old version on the test side

        assertThatThrownBy(() -> flipper.rollback()).hasMessage("rollback refused: the test side '" + lb.blue
                + "' now runs v3, not v1, which production ran before the last flip");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
    }
}
