package dev.bluegreen.movies.dynamodb;

import dev.bluegreen.movies.StoreUnavailableException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Runs SDK calls and turns their failures into {@link StoreUnavailableException}s whose message says what was being
 * done, against which table and endpoint, and how to fix the expected cases (a missing table), so that callers can
 * report them without a stack trace.
 */
final class DynamoCalls {

    private final String table;
    private final String where;

    DynamoCalls(String table, String where) {
        this.table = table;
        this.where = where;
    }

    <T> T call(String doing, Supplier<T> work) {
        try {
            return work.get();
        } catch (ResourceNotFoundException e) {
            throw missingTable();
        } catch (SdkException e) {
            throw failed(doing, e);
        }
    }

    StoreUnavailableException failed(String doing, SdkException e) {
        return new StoreUnavailableException(doing + " failed on " + where + ": " + reason(e), e);
    }

    /** The SDK's timeout message names neither the cause nor the likely fix. */
    private static String reason(SdkException e) {
        if (!(e instanceof ApiCallTimeoutException)) {
            return e.getMessage();
        }
        Throwable last = e.getCause();
        if (last == null && e.getSuppressed().length > 0) {
            last = e.getSuppressed()[e.getSuppressed().length - 1];
        }
        return "no answer in time" + (last == null ? "" : " (last error: " + last.getMessage() + ")")
                + "; is the endpoint right, and DynamoDB reachable from here?";
    }

    /** Expected on a fresh account or a typo in the table name: no cause, the message says what to run. */
    StoreUnavailableException missingTable() {
        return new StoreUnavailableException("there is no DynamoDB table " + table + " at " + where
                + " (create and load it with: bluegreen load --store dynamodb --table " + table + ")", null);
    }

    String where() {
        return where;
    }

    String table() {
        return table;
    }
}
