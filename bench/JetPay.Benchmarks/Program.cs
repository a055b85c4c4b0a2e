using BenchmarkDotNet.Running;
using JetPay.Benchmarks;
using static System.Globalization.CultureInfo;

// `-- --versus-ecommpay-js [turns]` times verify-and-parse against the ECommPay JS SDK in turns;
// `-- --signing-strings <seed> <count>` sums up the signing strings of generated payloads, to compare two builds;
// anything else is BenchmarkDotNet's command line.
switch (args)
{
    case ["--versus-ecommpay-js", .. var rest]:
        return VersusEcommpayJs.Run(rest is [var turns] ? int.Parse(turns, InvariantCulture) : 5);
    case ["--signing-strings", var seed, var count]:
        return SigningStringParity.Run(int.Parse(seed, InvariantCulture), int.Parse(count, InvariantCulture));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
