package dev.bluegreen.web.api;

import java.util.List;

/** One page of a listing; {@code nextCursor} is null on the last page. */
public record MoviePage(List<ApiMovie> items, String nextCursor) {

    public MoviePage {
        items = List.copyOf(items);
    }
}
