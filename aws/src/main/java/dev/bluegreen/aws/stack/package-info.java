/**
 * The CloudFormation side of {@code bluegreen aws}: uploading the templates, the functions jar and the platform's
 * source, creating or updating the main stack while reporting its events, reading its outputs, and taking it all
 * down again. Everything takes SDK clients, so it runs against AWS or against a test server alike.
 */
package dev.bluegreen.aws.stack;
