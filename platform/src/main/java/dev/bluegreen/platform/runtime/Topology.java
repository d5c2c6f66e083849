package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.routing.BlueGreenPair;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.Tags;
import dev.bluegreen.platform.state.ServiceRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's layout, locally: listeners prod and test swapped between target groups blue (Code1) and green
 * (Code2), each fed by its own web service; the API behind a listener of its own, which is how web tasks find it.
 */
public final class Topology {

    public static final String PROD = BlueGreenPair.LOCAL.production();
    public static final String TEST = BlueGreenPair.LOCAL.test();
    public static final String API = "api";
    public static final String BLUE = "blue";
    public static final String GREEN = "green";
    public static final String WEB_BLUE = "web-blue";
    public static final String WEB_GREEN = "web-green";
    public static final List<String> GROUPS = List.of(BLUE, GREEN, API);

    private Topology() {
    }

    /** As the seed starts: prod on blue, test on green, both sides running the same version. */
    static Routing initialRouting(String image) {
        Map<String, String> listeners = new LinkedHashMap<>();
        listeners.put(PROD, BLUE);
        listeners.put(TEST, GREEN);
        listeners.put(API, API);
        Map<String, Tags> groups = new LinkedHashMap<>();
        groups.put(BLUE, Tags.of("Code1", true, image));
        groups.put(GREEN, Tags.of("Code2", false, image));
        return new Routing(listeners, groups);
    }

    static List<ServiceRecord> initialServices(String image, int webTasks, int apiTasks) {
        return List.of(new ServiceRecord(WEB_BLUE, BLUE, webTasks, image),
                new ServiceRecord(WEB_GREEN, GREEN, webTasks, image),
                new ServiceRecord(API, API, apiTasks, image));
    }

    /** Whether a service is one of the two web sides (else it is the API). */
    public static boolean isWeb(ServiceRecord service) {
        return !API.equals(service.targetGroup());
    }
}
