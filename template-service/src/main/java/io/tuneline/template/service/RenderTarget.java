package io.tuneline.template.service;

/** Where a render is filed (a mixture under its primary dataset version) and why it was asked for. */
record RenderTarget(String datasetId, String versionId, String mixture, String trigger) {
}
