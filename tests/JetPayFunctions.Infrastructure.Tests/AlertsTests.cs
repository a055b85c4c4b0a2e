using System.Text.RegularExpressions;
using JetPay.PaymentPage;
using JetPay.Payments.Payments;
using JetPay.Payments.Storage;
using JetPay.Payments.Telemetry;
using JetPayFunctions.Infrastructure.Tests.Support;

namespace JetPayFunctions.Infrastructure.Tests;

/// <summary>
/// The alert rules, as predicted: each query asks for a metric, tag and value the app really writes
/// (<see cref="PaymentMetrics"/>) or the log line the Functions host writes, and each goes to the action group.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed partial class AlertsTests(InfrastructureFixture infrastructure)
{
    // What the Functions host logs when it gives up on a message (the notification tests see it under func start).
    private static readonly string PoisonLogLine = $"Moving message to queue '{StorageNames.NotificationPoisonQueue}'";

    private static readonly string[] MetricNames =
    [
        PaymentMetrics.PaymentsCreated, PaymentMetrics.Callbacks, PaymentMetrics.StatusChanges, PaymentMetrics.NotificationsSent,
        PaymentMetrics.NotificationsRetried, PaymentMetrics.NotificationsFailed, PaymentMetrics.NotificationDelay,
    ];

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void There_is_a_log_alert_for_each_thing_an_operator_must_hear_of(string environment)
    {
        var rules = LogAlerts(environment);

        Assert.Equal(
            ["forged-callbacks", "notifications-failed", "notifications-poisoned", "payments-held-for-review", "server-errors"],
            rules.Keys.Select(RuleSuffix).Order(StringComparer.Ordinal));
        Assert.All(rules.Values, rule => Assert.Equal("PT15M", (string?)rule.At("properties.windowSize")));
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Every_metric_a_query_asks_for_is_one_the_app_writes_with_a_tag_it_sets(string environment)
    {
        var queries = LogAlerts(environment).Values.Select(Query).ToArray();

        var asked = queries.SelectMany(query => MetricName().Matches(query).Select(match => match.Groups["name"].Value)).ToArray();
        var tags = queries.SelectMany(query => TagName().Matches(query).Select(match => match.Groups["tag"].Value)).ToArray();

        Assert.NotEmpty(asked);
        Assert.All(asked, name => Assert.Contains(name, MetricNames));
        Assert.All(tags, tag => Assert.Contains(tag, new[] { PaymentMetrics.OutcomeTag, PaymentMetrics.StatusTag, PaymentMetrics.ChannelTag }));
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Each_query_asks_for_what_the_app_writes_when_it_happens(string environment)
    {
        var queries = LogAlerts(environment).ToDictionary(rule => RuleSuffix(rule.Key), rule => Query(rule.Value));
        var signatureOutcomes = new[] { CallbackRejection.InvalidSignature, CallbackRejection.MissingSignature, CallbackRejection.AmbiguousSigning }
            .Select(reason => $"\"{PaymentMetrics.OutcomeOf(reason)}\"");

        Assert.Contains($"name == \"{PaymentMetrics.NotificationsFailed}\"", queries["notifications-failed"], StringComparison.Ordinal);
        Assert.Contains($"message has \"{PoisonLogLine}\"", queries["notifications-poisoned"], StringComparison.Ordinal);
        Assert.Contains($"name == \"{PaymentMetrics.StatusChanges}\"", queries["payments-held-for-review"], StringComparison.Ordinal);
        Assert.Contains($"tostring(customDimensions[\"{PaymentMetrics.StatusTag}\"]) == \"{PaymentStatusTransitions.ReviewStatus}\"", queries["payments-held-for-review"], StringComparison.Ordinal);
        Assert.Contains($"name == \"{PaymentMetrics.Callbacks}\"", queries["forged-callbacks"], StringComparison.Ordinal);
        Assert.Contains($"tostring(customDimensions[\"{PaymentMetrics.OutcomeTag}\"]) in ({string.Join(", ", signatureOutcomes)})", queries["forged-callbacks"], StringComparison.Ordinal);
        Assert.Contains("requests | where toint(resultCode) >= 500", queries["server-errors"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_forged_callback_rule_fires_above_its_threshold_and_the_others_on_the_first()
    {
        var thresholds = LogAlerts("prod").ToDictionary(rule => RuleSuffix(rule.Key), rule => (int?)rule.Value.At("properties.criteria.allOf")![0]!["threshold"]);

        Assert.Equal(10, thresholds["forged-callbacks"]);
        Assert.All(thresholds.Where(pair => pair.Key != "forged-callbacks"), pair => Assert.Equal(0, pair.Value));
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void An_availability_test_asks_the_app_for_its_health_and_an_alert_fires_when_two_regions_fail(string environment)
    {
        var snapshot = infrastructure.Snapshot(environment);
        var test = snapshot.Single(ResourceTypes.WebTest);
        var alert = snapshot.Single(ResourceTypes.MetricAlertRule);
        var site = snapshot.Single(ResourceTypes.Site);

        Assert.Equal("standard", (string?)test.At("properties.Kind"));
        Assert.Equal("GET", (string?)test.At("properties.Request.HttpVerb"));
        Assert.Matches(@"^\[format\('\{0\}/api/health', .*defaultHostName.*\)\]$", (string?)test.At("properties.Request.RequestUrl"));
        Assert.Contains(site.Name, (string?)test.At("properties.Request.RequestUrl"), StringComparison.Ordinal);
        Assert.Equal(200, (int?)test.At("properties.ValidationRules.ExpectedHttpStatusCode"));
        Assert.Equal("Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria", (string?)alert.At("properties.criteria")!["odata.type"]);
        Assert.Equal(test.Id, (string?)alert.At("properties.criteria.webTestId"));
        Assert.Equal(2, (int?)alert.At("properties.criteria.failedLocationCount"));
    }

    [Fact]
    public void With_an_address_every_alert_e_mails_it_and_without_one_no_action_group_is_made()
    {
        var dev = infrastructure.Snapshot("dev");
        var group = dev.Single(ResourceTypes.ActionGroup);
        Assert.Equal(InfrastructureFixture.InputsFor("dev")["ALERT_EMAIL"], (string?)group.At("properties.emailReceivers")![0]!["emailAddress"]);
        Assert.All(LogAlerts("dev").Values, rule => Assert.Equal([group.Id], rule.At("properties.actions.actionGroups")!.AsArray().Select(id => (string?)id)));
        Assert.Equal(group.Id, (string?)dev.Single(ResourceTypes.MetricAlertRule).At("properties.actions")![0]!["actionGroupId"]);

        var prod = infrastructure.Snapshot("prod");
        Assert.Empty(prod.OfType(ResourceTypes.ActionGroup));
        Assert.All(LogAlerts("prod").Values, rule => Assert.Empty(rule.At("properties.actions.actionGroups")!.AsArray()));
    }

    private Dictionary<string, PredictedResource> LogAlerts(string environment) =>
        infrastructure.Snapshot(environment).OfType(ResourceTypes.LogAlertRule).ToDictionary(rule => rule.Name, StringComparer.Ordinal);

    private static string Query(PredictedResource rule) => (string)rule.At("properties.criteria.allOf")![0]!["query"]!;

    // alert-jetpay-<token>-<what>
    private static string RuleSuffix(string name) => name.Split('-', 4)[^1];

    [GeneratedRegex("name == \"(?<name>[^\"]+)\"")]
    private static partial Regex MetricName();

    [GeneratedRegex("""customDimensions\["(?<tag>[^"]+)"\]""")]
    private static partial Regex TagName();
}
