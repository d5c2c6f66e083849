package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.routing.BlueGreenPair;
import dev.bluegreen.core.routing.DeployPlanner;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.TaskCounts;
import dev.bluegreen.platform.state.PlatformStore;
import dev.bluegreen.platform.state.ServiceRecord;
import java.util.List;

/**
 * The seed's layout, locally: listeners prod and test swapped between target groups blue (Code1) and green
 * (Code2), each fed by its own web service; the API behind a listener of its own, which is how web tasks find it.
 */
public final class Topology {

    public static final BlueGreenPair PAIR = BlueGreenPair.STANDARD;
    public static final String PROD = PAIR.production();
    public static final String TEST = PAIR.test();
    public static final String API = "api";
    public static final String BLUE = "blue";
    public static final String GREEN = "green";
    public static final String WEB_BLUE = "web-blue";
    public static final String WEB_GREEN = "web-green";
    public static final List<String> GROUPS = List.of(BLUE, GREEN, API);

    private Topology() {
    }

    /** As the seed starts: prod on blue (Code1), test on green (Code2), both running the same version. */
    static Routing initialRouting(String image) {
        return DeployPlanner.firstRouting(PAIR, BLUE, GREEN, image).withListener(API, API);
    }

    /** Production (blue) at the production count of web tasks, the test side (green) at the idle count. */
    static List<ServiceRecord> initialServices(String image, TaskCounts web, int apiTasks) {
        return List.of(new ServiceRecord(WEB_BLUE, BLUE, web.production(), image),
                new ServiceRecord(WEB_GREEN, GREEN, web.idle(), image),
                new ServiceRecord(API, API, apiTasks, image));
    }

    /** The web service that feeds a target group. */
    static ServiceRecord serviceOf(PlatformStore store, String group) {
        return store.services().stream().filter(s -> group.equals(s.targetGroup())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no service feeds target group " + group));
    }

    /** Whether a service is one of the two web sides (else it is the API). */
    public static boolean isWeb(ServiceRecord service) {
        return !API.equals(service.targetGroup());
    }
}
