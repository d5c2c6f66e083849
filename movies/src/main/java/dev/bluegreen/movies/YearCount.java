package dev.bluegreen.movies;

public record YearCount(int year, long count) {
}
