/**
 * The pipeline's source stage: the front end's app repository (a real git repository, read and written with
 * JGit), created from the sample app that ships in this jar or opened from the user's own; commits resolved from
 * a branch, tag or id; a commit's tree exported clean for a build; and a watcher that reports each new head of
 * the watched branch.
 */
package dev.bluegreen.platform.pipeline.source;
