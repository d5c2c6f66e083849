package dev.bluegreen.movies.loader;

/** Told how a load advances; the CLI shows it as a bar on a terminal and as plain lines otherwise. */
public interface LoadProgress {

    LoadProgress NONE = new LoadProgress() {
        @Override
        public void started(String what, long total) {
        }

        @Override
        public void advanced(long done) {
        }

        @Override
        public void finished() {
        }
    };

    void started(String what, long total);

    void advanced(long done);

    void finished();
}
