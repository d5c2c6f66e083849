package dev.bluegreen.platform.state;

import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.routing.BlueGreenPair;
import dev.bluegreen.core.routing.Decision;
import dev.bluegreen.core.routing.FlipPlanner;
import dev.bluegreen.core.routing.LastFlip;
import dev.bluegreen.core.routing.Routing;
import java.nio.file.Path;
import java.time.Instant;

/** A process that flips as fast as it can until it is killed: the other side of the durability test. */
public final class FlipLoop {

    public static void main(String[] args) {
        try (PlatformStore store = PlatformStore.open(Path.of(args[0]))) {
            flip(store);
            // only now: a kill before the first flip is committed would leave no flip to check, however slow we are
            System.out.println("flipping");
            System.out.flush();
            while (true) {
                flip(store);
            }
        }
    }

    private static void flip(PlatformStore store) {
        Routing before = store.routing();
        Decision.Proceed flip = (Decision.Proceed) FlipPlanner.flip(before, BlueGreenPair.STANDARD, g -> true);
        store.saveFlip(flip.target(), LastFlip.of(before, flip, null), new Event(0, Instant.now(), "test",
                EventType.FLIP, "flipped to " + flip.promoted()));
    }
}
