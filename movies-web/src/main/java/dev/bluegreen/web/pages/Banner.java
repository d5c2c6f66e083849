package dev.bluegreen.web.pages;

import dev.bluegreen.service.Hosts;
import dev.bluegreen.service.ServiceSettings;
import dev.bluegreen.web.site.SiteProperties;

/**
 * Which deployment serves a page, shown on every page: after a blue/green swap this is how a person (or a smoke
 * test) sees which version answered.
 *
 * @param version  the release label of the site ({@code version.label})
 * @param colour   the deployment colour ({@code colour.name})
 * @param instance the task or instance id given at start-up
 * @param build    the version of this program
 * @param side     the blue/green side (target group) of this instance, or null outside a pair
 */
public record Banner(String version, String colour, String instance, String host, String address, String build,
                     String side) {

    public static Banner of(ServiceSettings settings, SiteProperties site, String side) {
        return new Banner(site.versionLabel(), site.colourName(), settings.instanceId(), Hosts.name(),
                Hosts.address(), settings.version(), side);
    }
}
