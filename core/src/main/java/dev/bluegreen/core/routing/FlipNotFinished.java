package dev.bluegreen.core.routing;

/**
 * A flip or rollback that was decided and begun but could not be finished (the load balancer refused or lost a
 * call, twice): whatever part of it took effect stays, and the next flip finishes it, never reverses it.
 */
public final class FlipNotFinished extends RuntimeException {

    FlipNotFinished(String message, Throwable cause) {
        super(message, cause);
    }
}
