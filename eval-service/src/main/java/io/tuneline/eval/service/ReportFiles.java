package io.tuneline.eval.service;

import io.tuneline.evaluation.EvaluationResult;
import io.tuneline.evaluation.report.HtmlReport;
import io.tuneline.evaluation.report.ReportWriter;

/** The files a person opens, made by the evaluation module's report: the HTML page, its chart, the predictions. */
record ReportFiles(String html, String chartSvg, String predictionsJsonl) {

    static ReportFiles of(EvaluationResult result) {
        String html = HtmlReport.render(result);
        return new ReportFiles(html, chartOf(html), ReportWriter.predictionsJsonl(result));
    }

    /**
     * The report's bar chart (base vs candidate per metric) as a file of its own: the page inlines it as a
     * standalone SVG element (with its namespace), so the file is exactly what the page shows.
     */
    static String chartOf(String html) {
        int start = html.indexOf("<svg");
        int end = html.indexOf("</svg>", start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("the report has no chart");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + html.substring(start, end + "</svg>".length()) + "\n";
    }
}
