package org.microconversions.interceptors.collect;

/**
 * The answer of the collect endpoint.
 *
 * @param status HTTP status
 * @param json   the JSON body
 * @param result the {@code result} label of {@code microconversions_collect_requests_total}
 */
record CollectOutcome(int status, String json, String result) {

    static CollectOutcome accepted(int accepted, int duplicates) {
        return new CollectOutcome(202, "{\"accepted\":" + accepted + ",\"duplicates\":" + duplicates + "}", "accepted");
    }

    static CollectOutcome error(int status, String result, String reason) {
        return new CollectOutcome(status, "{\"error\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}",
                result);
    }
}
