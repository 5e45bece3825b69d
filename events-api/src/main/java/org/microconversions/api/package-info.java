/**
 * What shop code uses: the {@link org.microconversions.api.MicroConversion} annotation, the
 * {@link org.microconversions.api.MicroConversionEvent} it records, and the
 * {@link org.microconversions.api.MicroConversions} programmatic API.
 *
 * @since 0.1
 */
package org.microconversions.api;
