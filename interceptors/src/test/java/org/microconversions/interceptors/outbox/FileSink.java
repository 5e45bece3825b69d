package org.microconversions.interceptors.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.spi.ConversionSink;
import org.microconversions.spi.DeliveryResult;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** A destination outside the process: appends event ids to a file and syncs before acknowledging. */
@ApplicationScoped
public class FileSink implements ConversionSink {

    static final String FILE_PROPERTY = "test.sink.file";

    @Override
    public String name() {
        return "file";
    }

    @Override
    public synchronized DeliveryResult deliver(List<MicroConversionEvent> batch) throws IOException {
        StringBuilder sb = new StringBuilder();
        batch.forEach(e -> sb.append(e.id()).append('\n'));
        try (FileChannel ch = FileChannel.open(Path.of(System.getProperty(FILE_PROPERTY)), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        return DeliveryResult.delivered();
    }
}
