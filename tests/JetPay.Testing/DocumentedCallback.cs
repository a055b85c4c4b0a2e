namespace JetPay.Testing;

/// <summary>The successful purchase callback of JetPay's QR payment documentation (30 values), without its signature.</summary>
public static class DocumentedCallback
{
    public const string Json = """
        {
            "project_id": 123,
            "payment": {
                "id": "payment_47",
                "type": "purchase",
                "status": "success",
                "date": "2022-03-25T11:08:45+0000",
                "method": "mobile",
                "sum": { "amount": 10000, "currency": "KZT" },
                "description": ""
            },
            "customer": { "id": "customer_123" },
            "operation": {
                "id": 28,
                "type": "sale",
                "status": "success",
                "date": "2022-03-25T11:08:45+0000",
                "created_date": "2022-03-25T11:08:05+0000",
                "request_id": "9e32835fb27907e0b085636c5117242b5cf60a4e17839",
                "sum_initial": { "amount": 10000, "currency": "KZT" },
                "sum_converted": { "amount": 10000, "currency": "KZT" },
                "code": "0",
                "message": "Success",
                "provider": { "id": 12345, "payment_id": "123abc123-321", "auth_code": "" }
            }
        }
        """;
}
