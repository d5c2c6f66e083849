package dev.bluegreen.core.pipeline;

/** Why the pipeline refused something; named once for the CLI, the API, the dashboard and the tests. */
public enum PipelineReason {
    NOT_ALLOWED("execution #%d is %s at %s: it cannot be %s"),
    WRONG_STAGE("execution #%d is at %s, not %s"),
    WRONG_TAG("execution #%d is reviewing build %s, not %s: approve what you reviewed"),
    NOTHING_TO_REVIEW("no execution is waiting for review"),
    NO_SUCH_EXECUTION("there is no execution #%s");

    private final String template;

    PipelineReason(String template) {
        this.template = template;
    }

    public String message(Object... args) {
        return String.format(template, args);
    }
}
