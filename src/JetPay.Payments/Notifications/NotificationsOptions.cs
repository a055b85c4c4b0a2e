namespace JetPay.Payments.Notifications;

/// <summary>
/// How the customer and the merchant are told about a payment's final status. Bound from the <c>Notifications</c>
/// section (<c>Notifications__*</c> settings). A setting left empty (<c>""</c>, as the Bicep writes unset ones) counts
/// as unset: an empty <see cref="SmtpOptions.Host"/> turns e-mail off, an empty <see cref="WebhookOptions.Url"/> turns
/// the webhook off.
/// </summary>
public sealed class NotificationsOptions
{
    public const string SectionName = "Notifications";

    public SmtpOptions Smtp { get; set; } = new();

    public WebhookOptions Webhook { get; set; } = new();

    /// <summary>
    /// <c>Notifications__DeliveryLeaseTime</c>: how long one attempt may hold a notification it is sending before
    /// another attempt may take over (covers a process that died mid-send). Longer than the slowest send (20 s).
    /// </summary>
    public TimeSpan DeliveryLeaseTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>Notifications__RetrySchedule</c>: the delays before each further attempt at a delivery that failed, as
    /// comma-separated TimeSpans; after the last, the delivery has failed. Default <see cref="Notifications.RetrySchedule.DefaultText"/>.
    /// </summary>
    public string RetrySchedule { get; set; } = Notifications.RetrySchedule.DefaultText;

    /// <summary>The parsed <see cref="RetrySchedule"/> (validated at start-up).</summary>
    public RetrySchedule Schedule => Notifications.RetrySchedule.Parse(RetrySchedule);

    /// <summary><c>Notifications__Retries</c>: in-process retries of a transient failure within one attempt, before the retry schedule's.</summary>
    public int Retries { get; set; } = 2;

    /// <summary><c>Notifications__RetryDelay</c>: the first delay between in-process retries, growing exponentially with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>The SMTP server that sends the customer's receipt.</summary>
public sealed class SmtpOptions
{
    public const int DefaultPort = 587;

    /// <summary>The most <see cref="MaxConnections"/> may be: a handful is plenty, and providers cap connections per client.</summary>
    public const int MaxConnectionsLimit = 50;

    /// <summary><c>Notifications__Smtp__Host</c>: empty turns e-mail off.</summary>
    public string? Host { get; set; }

    /// <summary><c>Notifications__Smtp__Port</c>: default 587 (submission).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary><c>Notifications__Smtp__From</c>: the sender, <c>Shop &lt;payments@shop.example&gt;</c>; required with a host.</summary>
    public string? From { get; set; }

    /// <summary><c>Notifications__Smtp__UserName</c>: empty for a relay that takes mail without authentication.</summary>
    public string? UserName { get; set; }

    /// <summary><c>Notifications__Smtp__Password</c>: required with a user name.</summary>
    public string? Password { get; set; }

    /// <summary><c>Notifications__Smtp__UseTls</c>: default <see cref="SmtpTls.Auto"/>.</summary>
    public SmtpTls UseTls { get; set; } = SmtpTls.Auto;

    /// <summary>
    /// <c>Notifications__Smtp__MaxConnections</c>: how many connections to the server this app instance keeps open at
    /// most (in use or idle, reused between e-mails); default 4, 1 to <see cref="MaxConnectionsLimit"/>. A send that
    /// finds them all busy waits for one.
    /// </summary>
    public int MaxConnections { get; set; } = 4;

    public bool IsEnabled => !string.IsNullOrEmpty(Host);
}

/// <summary>The merchant's webhook endpoint, called in the Standard Webhooks format.</summary>
public sealed class WebhookOptions
{
    /// <summary><c>Notifications__Webhook__Url</c>: empty turns the webhook off.</summary>
    public Uri? Url { get; set; }

    /// <summary><c>Notifications__Webhook__Secret</c>: the Standard Webhooks signing secret, <c>whsec_</c> and base64; required with a URL.</summary>
    public string? Secret { get; set; }

    /// <summary>
    /// <c>Notifications__Webhook__PreviousSecret</c>: during a rotation, the secret the merchant still verifies with;
    /// every webhook then carries a signature with each secret. Empty outside a rotation.
    /// </summary>
    public string? PreviousSecret { get; set; }

    public bool IsEnabled => Url is not null;
}

/// <summary>How the SMTP connection is secured (the setting takes a member's name, in any case).</summary>
public enum SmtpTls
{
    /// <summary>TLS on connect on port 465, else STARTTLS if the server offers it (MailKit's choice; for local servers).</summary>
    Auto,

    /// <summary>STARTTLS, and fail if the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>No TLS at all.</summary>
    None,

    /// <summary>TLS, never plain text: <see cref="SslOnConnect"/> on port 465, else <see cref="StartTls"/>.</summary>
    Required,
}
