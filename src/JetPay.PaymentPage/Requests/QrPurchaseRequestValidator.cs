using System.Buffers;
using System.Net.Mail;

namespace JetPay.PaymentPage;

/// <summary>The rules of <see cref="QrPurchaseRequest.Validate"/>.</summary>
internal static class QrPurchaseRequestValidator
{
    private const int MaxIdLength = 255;
    private const int MaxNameLength = 255;
    private const int MaxEmailLength = 255;
    private const int MaxDescriptionLength = 1024;

    private static readonly SearchValues<char> PrintableAsciiWithoutSpace = SearchValues.Create(
        Enumerable.Range('!', '~' - '!' + 1).Select(c => (char)c).ToArray());

    private static readonly SearchValues<char> ParameterNameCharacters = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    private static readonly HashSet<string> TypedNames =
    [
        PaymentPageParameters.ProjectId, PaymentPageParameters.PaymentId, PaymentPageParameters.PaymentCurrency,
        PaymentPageParameters.PaymentAmount, PaymentPageParameters.CustomerId, PaymentPageParameters.CustomerFirstName,
        PaymentPageParameters.CustomerLastName, PaymentPageParameters.CustomerEmail, PaymentPageParameters.PaymentDescription,
        PaymentPageParameters.LanguageCode, PaymentPageParameters.BestBefore, PaymentPageParameters.Signature,
    ];

    public static IReadOnlyList<FieldError> Validate(QrPurchaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();
        void Fail(string field, string message) => errors.Add(new FieldError(field, message));

        if (request.ProjectId <= 0)
        {
            Fail(PaymentPageParameters.ProjectId, "must be a positive integer");
        }

        if (string.IsNullOrEmpty(request.PaymentId) || request.PaymentId.Length > MaxIdLength)
        {
            Fail(PaymentPageParameters.PaymentId, $"must have 1 to {MaxIdLength} characters");
        }
        else if (request.PaymentId.AsSpan().ContainsAnyExcept(PrintableAsciiWithoutSpace))
        {
            Fail(PaymentPageParameters.PaymentId, "may hold only printable ASCII characters without spaces");
        }

        if (!Currency.TryGet(request.Currency, out _))
        {
            Fail(PaymentPageParameters.PaymentCurrency, "must be an ISO 4217 alpha-3 code in upper case, such as KZT");
        }

        if (request.Amount <= 0)
        {
            Fail(PaymentPageParameters.PaymentAmount, "must be a positive integer in minor units");
        }

        RequireText(errors, PaymentPageParameters.CustomerId, request.CustomerId, MaxIdLength);
        RequireText(errors, PaymentPageParameters.CustomerFirstName, request.CustomerFirstName, MaxNameLength);
        RequireText(errors, PaymentPageParameters.CustomerLastName, request.CustomerLastName, MaxNameLength);
        ValidateEmail(errors, request.CustomerEmail);

        if (request.PaymentDescription is { } description)
        {
            if (description.Length > MaxDescriptionLength)
            {
                Fail(PaymentPageParameters.PaymentDescription, $"must have at most {MaxDescriptionLength} characters");
            }

            CheckCharacters(errors, PaymentPageParameters.PaymentDescription, description);
        }

        if (request.LanguageCode is { } language && (language.Length != 2 || !char.IsAsciiLetter(language[0]) || !char.IsAsciiLetter(language[1])))
        {
            Fail(PaymentPageParameters.LanguageCode, "must be two letters (ISO 639-1), such as en");
        }

        ValidateAdditional(errors, request.AdditionalParameters);
        return errors;
    }

    private static void RequireText(List<FieldError> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "is required and must not be blank"));
            return;
        }

        if (value.Length > maxLength)
        {
            errors.Add(new(field, $"must have at most {maxLength} characters"));
        }

        CheckCharacters(errors, field, value);
    }

    private static void ValidateEmail(List<FieldError> errors, string? email)
    {
        const string Field = PaymentPageParameters.CustomerEmail;
        if (string.IsNullOrEmpty(email) || email.Length > MaxEmailLength)
        {
            errors.Add(new(Field, $"must have 1 to {MaxEmailLength} characters"));
            return;
        }

        // MailAddress also accepts "Name <a@b.c>" and surrounding spaces; only a bare address is sent.
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email || !string.IsNullOrEmpty(address.DisplayName))
        {
            errors.Add(new(Field, "must be a bare e-mail address, such as johndoe@example.com"));
            return;
        }

        CheckCharacters(errors, Field, email);
    }

    private static void ValidateAdditional(List<FieldError> errors, IReadOnlyDictionary<string, string>? additional)
    {
        if (additional is null)
        {
            return;
        }

        foreach (var (name, value) in additional)
        {
            if (string.IsNullOrEmpty(name) || name.AsSpan().ContainsAnyExcept(ParameterNameCharacters))
            {
                errors.Add(new(name ?? string.Empty, "an additional parameter needs a name of ASCII letters, digits and _"));
            }
            else if (TypedNames.Contains(name))
            {
                errors.Add(new(name, "is set by a typed property of the request and may not be passed again"));
            }

            if (value is null)
            {
                errors.Add(new(name ?? string.Empty, "must have a value"));
            }
            else
            {
                CheckCharacters(errors, name ?? string.Empty, value);
            }
        }
    }

    private static void CheckCharacters(List<FieldError> errors, string field, string value)
    {
        if (value.Contains(';', StringComparison.Ordinal))
        {
            errors.Add(new(field, "must not contain ';', the protocol's separator"));
        }

        if (value.AsSpan().ContainsAnyInRange('\0', '\u001F') || value.Contains('\u007F', StringComparison.Ordinal))
        {
            errors.Add(new(field, "must not contain control characters"));
        }
    }
}
