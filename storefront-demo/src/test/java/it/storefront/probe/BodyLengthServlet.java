package it.storefront.probe;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;

/**
 * Test-only plain servlet (never in the shop): reads the whole request body from the input stream
 * and answers how many bytes it read, as text. What a shop's own form handler sees once the
 * library's visitor capture filter has run in front of it.
 */
@WebServlet("/test-probe/body-length")
public class BodyLengthServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long read = 0;
        byte[] buffer = new byte[256];
        try (InputStream in = request.getInputStream()) {
            for (int n; (n = in.read(buffer)) != -1;) {
                read += n;
            }
        }
        response.setContentType("text/plain");
        response.getWriter().print(read);
    }
}
