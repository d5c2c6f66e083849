package dev.bluegreen.aws.cloudformation;

import java.util.List;
import java.util.Map;

/**
 * The only edits the test harness makes to a template before moto's CloudFormation (moto 5.2.1) creates it: each
 * replaces a {@code Fn::GetAtt} that moto cannot answer by the value it stands for, because moto does not model that
 * resource type or attribute in CloudFormation. Everything else of the template is created as it ships. An edit
 * whose text is not found fails the test: the template changed, and the harness must be looked at again.
 */
public final class MotoWorkarounds {

    /** A replacement of one exact text of one template, and why moto needs it. */
    record Edit(String template, String text, String replacement, String why) {
    }

    static final List<Edit> EDITS = List.of(
            new Edit("cluster.yaml", "RegistryArn: !GetAtt ApiDiscoveryService.Arn",
                    "RegistryArn: arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-moto",
                    "moto has no AWS::ServiceDiscovery::Service in CloudFormation: GetAtt of it is a template error"),
            new Edit("cluster.yaml", "Tg1: !GetAtt TargetGroup1.TargetGroupFullName",
                    "Tg1: targetgroup/moto-tg1/0000000000000001",
                    "moto's target group has no GetAtt at all (an internal error)"),
            new Edit("cluster.yaml", "Tg2: !GetAtt TargetGroup2.TargetGroupFullName",
                    "Tg2: targetgroup/moto-tg2/0000000000000002",
                    "moto's target group has no GetAtt at all (an internal error)"),
            new Edit("pipeline.yaml", "- !GetAtt BuildProject.Arn",
                    "- !Sub \"arn:${AWS::Partition}:codebuild:${AWS::Region}:${AWS::AccountId}:project/"
                            + "${StackName}-build\"",
                    "moto has no AWS::CodeBuild::Project in CloudFormation: GetAtt of it is a template error"),
            new Edit("pipeline.yaml", "- !GetAtt DiscoverProject.Arn",
                    "- !Sub \"arn:${AWS::Partition}:codebuild:${AWS::Region}:${AWS::AccountId}:project/"
                            + "${StackName}-discover\"",
                    "moto has no AWS::CodeBuild::Project in CloudFormation: GetAtt of it is a template error"),
            new Edit("pipeline.yaml", "- !GetAtt CheckProject.Arn",
                    "- !Sub \"arn:${AWS::Partition}:codebuild:${AWS::Region}:${AWS::AccountId}:project/"
                            + "${StackName}-check\"",
                    "moto has no AWS::CodeBuild::Project in CloudFormation: GetAtt of it is a template error"),
            new Edit("pipeline.yaml", "Value: !Ref Pipeline\n", "Value: !Sub \"${StackName}-pipeline\"\n",
                    "moto has no AWS::CodePipeline::Pipeline in CloudFormation: its Ref is empty, the output lost"),
            new Edit("pipeline.yaml", "pipelines/${Pipeline}/view", "pipelines/${StackName}-pipeline/view",
                    "moto has no AWS::CodePipeline::Pipeline in CloudFormation: Sub leaves ${Pipeline} as it is"),
            new Edit("pipeline.yaml", "Value: !Ref BuildProject\n", "Value: !Sub \"${StackName}-build\"\n",
                    "moto has no AWS::CodeBuild::Project in CloudFormation: its Ref is empty, the output lost"),
            new Edit("pipeline.yaml", "Value: !Ref DiscoverProject\n", "Value: !Sub \"${StackName}-discover\"\n",
                    "moto has no AWS::CodeBuild::Project in CloudFormation: its Ref is empty, the output lost"),
            new Edit("pipeline.yaml", "Value: !Ref CheckProject\n", "Value: !Sub \"${StackName}-check\"\n",
                    "moto has no AWS::CodeBuild::Project in CloudFormation: its Ref is empty, the output lost"));

    private MotoWorkarounds() {
    }

    /** The template's text as moto can create it. */
    public static String apply(String template, String text) {
        String edited = text;
        for (Edit edit : EDITS) {
            if (edit.template().equals(template)) {
                if (!edited.contains(edit.text())) {
                    throw new IllegalStateException(template + " no longer contains '" + edit.text() + "', which the "
                            + "moto harness replaces (" + edit.why() + "): update MotoWorkarounds");
                }
                edited = edited.replace(edit.text(), edit.replacement());
            }
        }
        return edited;
    }

    /** What moto leaves out of a stack it created, and the harness therefore does after it, by template. */
    static final Map<String, String> AFTER_CREATE = Map.of(
            "target group tags", "moto's CloudFormation creates target groups without their Tags: the harness adds "
                    + "the tags the template gives (Identifier, IsProduction, Image, bluegreen:stack)",
            "registered targets", "moto's ECS runs no task, so no target registers with a target group: the harness "
                    + "registers one per group, as a running web task would",
            "ECS services", "moto's ECS keeps no service's load balancers and runs no task: with a FakeEcs, the "
                    + "harness runs the template's services there, at their DesiredCount, their tasks registered as "
                    + "targets of the groups their LoadBalancers name");
}
