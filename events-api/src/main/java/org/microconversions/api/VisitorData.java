package org.microconversions.api;

/**
 * What the suite stores about a visitor, for data subject requests. Inject it:
 *
 * <pre>{@code
 * @Inject VisitorData visitorData;
 *
 * long erased = visitorData.erase(visitorIdFromTheRequest);  // GDPR art. 17
 * }</pre>
 *
 * @since 0.1
 */
public interface VisitorData {

    /**
     * Deletes every stored conversion of a visitor and what sinks still owe of them. Conversions
     * already forwarded to a third party must be erased there too (e.g. GA4's user deletion API).
     *
     * @param visitorId the pseudonymous visitor id (the visitor cookie's value)
     * @return how many conversions were deleted
     * @throws IllegalStateException if the database could not be reached
     */
    long erase(String visitorId);
}
