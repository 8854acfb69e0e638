package dev.asyncio4j.examples.service;

/** What fetching one page came to: what the Java fetcher puts on the queue and the Kotlin aggregator counts. */
public record PageResult(int page, Outcome outcome, long latencyNanos, String detail) {

    /** Every page ends as exactly one of these. */
    public enum Outcome { FETCHED, FAILED, TIMED_OUT }
}
