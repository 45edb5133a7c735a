package io.tuneline.cli.bench;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A lean HTTP/1.1 client for the serving benchmark: one kept-alive connection per client thread, a JSON POST, and
 * the answer read as it arrives, line by line, without building an object per chunk or per event. The benchmark's
 * clients share the machine's cores with the service they measure, and the JDK's {@code HttpClient} cost ~2 ms of
 * CPU per streamed summary (its selector and worker threads, a subscriber chain per response, buffers per chunk).
 * Only what the benchmark needs: {@code Content-Length} or chunked bodies, no redirects, no TLS.
 */
final class SseClient implements AutoCloseable {

    /** What a response's body is made of, told to a {@link Listener} line by line (a line excludes its end). */
    interface Listener {
        /** A line of a 200 answer's body; return false once the answer is complete (the rest is still read). */
        boolean line(byte[] buffer, int start, int length);
    }

    /** A non-200 answer: its status and body. */
    record Refusal(int status, String body) {
    }

    private final InetSocketAddress address;
    private final String host;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** What was read from the connection and not consumed yet: {@code buffer[position, limit)}. */
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private byte[] lineBuffer = new byte[512];

    SseClient(URI service, int timeoutMillis) {
        int port = service.getPort() < 0 ? 80 : service.getPort();
        this.address = new InetSocketAddress(service.getHost(), port);
        this.host = service.getHost() + ":" + port;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * POSTs {@code json} to {@code path} asking for {@code accept}; a 200 answer's body goes to {@code listener}
     * line by line, any other answer is returned whole. A broken connection is closed (the next call opens one).
     */
    Refusal post(String path, String json, String accept, Listener listener) throws IOException {
        try {
            return exchange(path, json.getBytes(StandardCharsets.UTF_8), accept, listener);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Refusal exchange(String path, byte[] body, String accept, Listener listener) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.connect(address, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            position = 0;
            limit = 0;
            out = socket.getOutputStream();
        }
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nAccept: "
                + accept + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        out.write(request);
        out.flush();

        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean closes = statusLine.startsWith("HTTP/1.0");
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? header : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> closes = value.contains("close");
                default -> { }
            }
        }
        Lines lines = new Lines(status == 200 ? listener : null);
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                copy(size, lines);
                readLine(); // the chunk's CRLF
            }
            for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
                // trailers are not used
            }
        } else if (contentLength >= 0) {
            copy(contentLength, lines);
        } else {
            copyToEnd(lines);
            closes = true;
        }
        lines.end();
        if (closes) {
            close();
        }
        return status == 200 ? null : new Refusal(status, lines.whole());
    }

    private long chunkSize() throws IOException {
        String line = readLine();
        int extension = line.indexOf(';');
        return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private void copy(long length, Lines lines) throws IOException {
        for (long left = length; left > 0; left--) {
            int b = read();
            if (b < 0) {
                throw new EOFException("the answer ended " + left + " bytes early");
            }
            lines.add((byte) b);
        }
    }

    private void copyToEnd(Lines lines) throws IOException {
        for (int b = read(); b >= 0; b = read()) {
            lines.add((byte) b);
        }
    }

    /** The next byte of the connection, -1 at its end. */
    private int read() throws IOException {
        if (position == limit) {
            int read = in.read(buffer);
            if (read < 0) {
                return -1;
            }
            position = 0;
            limit = read;
        }
        return buffer[position++] & 0xff;
    }

    /** A header or chunk-size line (ASCII, without its CRLF). */
    private String readLine() throws IOException {
        int length = 0;
        while (true) {
            int b = read();
            if (b < 0) {
                throw new EOFException("the connection closed mid-answer");
            }
            if (b == '\n') {
                break;
            }
            if (length == lineBuffer.length) {
                lineBuffer = Arrays.copyOf(lineBuffer, 2 * length);
            }
            lineBuffer[length++] = (byte) b;
        }
        if (length > 0 && lineBuffer[length - 1] == '\r') {
            length--;
        }
        return new String(lineBuffer, 0, length, StandardCharsets.US_ASCII);
    }

    /** Splits a body into lines for the listener (a 200 answer) or keeps it whole (a refusal). */
    private static final class Lines {
        private final Listener listener;
        private final ByteArrayOutputStream whole;
        private byte[] line = new byte[1024];
        private int length;
        private boolean listening = true;

        Lines(Listener listener) {
            this.listener = listener;
            this.whole = listener == null ? new ByteArrayOutputStream() : null;
        }

        void add(byte b) {
            if (whole != null) {
                whole.write(b);
            } else if (b == '\n') {
                deliver();
            } else {
                if (length == line.length) {
                    line = Arrays.copyOf(line, 2 * length);
                }
                line[length++] = b;
            }
        }

        void end() {
            if (whole == null && length > 0) {
                deliver();
            }
        }

        private void deliver() {
            int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            if (listening) {
                listening = listener.line(line, 0, end);
            }
            length = 0;
        }

        String whole() {
            return whole == null ? "" : whole.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a broken connection: nothing left to do
            }
            socket = null;
        }
    }
}
