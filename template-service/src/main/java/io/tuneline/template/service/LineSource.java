package io.tuneline.template.service;

import java.io.BufferedReader;
import java.io.IOException;

/** Opens the lines of one split (a file, or a version's segments one after the other); the caller closes it. */
@FunctionalInterface
interface LineSource {

    BufferedReader open() throws IOException;
}
