package io.tuneline.cli.stack;

import java.net.URI;

/** A service JVM the launcher started, with the port it serves on. */
public record RunningService(Service service, int port, ManagedProcess process) {

    public URI baseUri() {
        return URI.create("http://" + LoopbackPort.HOST + ":" + port);
    }

    public String name() {
        return service.moduleName();
    }
}
