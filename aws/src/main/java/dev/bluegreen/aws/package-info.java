/**
 * The AWS runtime: adapters that carry out the core blue/green decisions on an Application Load Balancer, the
 * flip Lambda and the deployer that run on AWS, and the CloudFormation stacks the CLI deploys.
 */
package dev.bluegreen.aws;
