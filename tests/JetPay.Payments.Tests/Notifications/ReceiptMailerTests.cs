using System.Net.Sockets;
using JetPay.Payments.Notifications;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace JetPay.Payments.Tests.Notifications;

public class ReceiptMailerTests
{
    public static TheoryData<Exception, bool> Failures => new()
    {
        { new SocketException((int)SocketError.ConnectionRefused), true },
        { new IOException("connection reset"), true },
        { new TimeoutException(), true },
        { new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.ServiceNotAvailable, "421 try later"), true },
        { new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, "550 no such user"), false },
        { new AuthenticationException("535 bad credentials"), false },
        { new InvalidOperationException("a bug"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Only_failures_that_may_pass_soon_are_retried_in_process(Exception failure, bool transient)
    {
        Assert.Equal(transient, ReceiptMailer.IsTransient(failure));
    }
}
