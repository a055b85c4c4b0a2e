using JetPay.Sandbox;

SandboxApp.Build(args).Run();
