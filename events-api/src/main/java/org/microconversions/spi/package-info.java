/**
 * Extension points: {@link org.microconversions.spi.ConversionSink} for destinations and
 * {@link org.microconversions.spi.VisitorResolver} for who the visitor is.
 *
 * @since 0.1
 */
package org.microconversions.spi;
