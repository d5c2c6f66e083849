package dev.bluegreen.platform.runtime;

import dev.bluegreen.platform.state.ServiceRecord;
import dev.bluegreen.platform.tasks.TaskDefinition;
import java.net.URI;

/** What to run for a service: the wiring knows the programs; the platform knows where the API listener is. */
@FunctionalInterface
public interface TaskDefinitions {

    /** @param apiListener the load balancer's API listener, the one address web tasks need to find the API */
    TaskDefinition forService(ServiceRecord service, URI apiListener);
}
