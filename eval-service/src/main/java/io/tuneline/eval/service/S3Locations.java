package io.tuneline.eval.service;

import io.tuneline.contracts.events.ObjectRef;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the {@code s3://bucket/key} form users and configuration give locations in. */
public final class S3Locations {

    private static final Pattern S3_URI = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.+)");

    private S3Locations() {
    }

    public static ObjectRef parse(String location) {
        Matcher matcher = location == null ? null : S3_URI.matcher(location.trim());
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("not an s3://bucket/key location: '" + location + "'");
        }
        return new ObjectRef(matcher.group(1), matcher.group(2));
    }
}
