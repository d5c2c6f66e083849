/**
 * The Build stage of the local pipeline, in the manner of AWS CodeBuild: {@link
 * dev.bluegreen.platform.pipeline.build.Buildspec} reads an app's {@code buildspec.yml}, {@link
 * dev.bluegreen.platform.pipeline.build.AppTaskDefinition} its {@code taskdef.json} (ECS's shape), and {@link
 * dev.bluegreen.platform.pipeline.build.BuildRunner} runs the buildspec's commands in a checkout and publishes the
 * artifacts as {@code <artifacts root>/<tag>/}, all or nothing.
 */
package dev.bluegreen.platform.pipeline.build;
