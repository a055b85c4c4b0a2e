using JetPayFunctions.LocalHost;

LocalHostApp.Build(args).Run();
