package dev.bluegreen.platform.runtime;

import dev.bluegreen.platform.state.ServiceRecord;

/**
 * A web service's tasks are supervised per version ({@code web-green@b7-3f2a1c9}), as ECS runs a service's tasks per
 * task-definition revision: a deployment starts the new revision beside the old one and stops the old one only
 * once the new one is healthy. The API has one revision, named as the service.
 */
final class Revisions {

    static final char SEPARATOR = '@';

    private Revisions() {
    }

    /** The supervisor's name for the tasks of this service at its current version. */
    static String key(ServiceRecord service) {
        return key(service, service.image());
    }

    static String key(ServiceRecord service, String image) {
        return Topology.isWeb(service) && image != null ? service.name() + SEPARATOR + image : service.name();
    }

    /** The service a supervisor name belongs to. */
    static String service(String key) {
        int at = key.indexOf(SEPARATOR);
        return at < 0 ? key : key.substring(0, at);
    }
}
