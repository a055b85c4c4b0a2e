using System.Globalization;

namespace JetPay.LoadTests;

/// <summary>
/// CPU time (user + system) of every process on the machine, read from <c>/proc</c>, grouped by role: the load
/// generator, the Functions host, the worker, each Azurite service. The difference of two snapshots says where a step's
/// CPU went, which on a 2-core machine is where its time went.
/// </summary>
internal sealed class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on

    private readonly Dictionary<int, (string Role, double Seconds)> _processes;

    private ProcessCpu(Dictionary<int, (string Role, double Seconds)> processes) => _processes = processes;

    public static bool IsAvailable => OperatingSystem.IsLinux() && Directory.Exists("/proc/self");

    public static ProcessCpu Snapshot()
    {
        var processes = new Dictionary<int, (string, double)>();
        if (!IsAvailable)
        {
            return new ProcessCpu(processes);
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                processes[pid] = (RoleOf(pid, commandLine), ticks / TicksPerSecond);
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return new ProcessCpu(processes);
    }

    /// <summary>
    /// Waits until the machine is quiet: after a warm-up the host and the worker spend seconds of CPU compiling hot
    /// methods again (tiered JIT), which would otherwise be charged to whatever step runs next.
    /// </summary>
    public static async Task WaitForQuietAsync(TimeSpan atMost)
    {
        var deadline = DateTime.UtcNow + atMost;
        while (IsAvailable && DateTime.UtcNow < deadline)
        {
            var before = Snapshot();
            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            if (Snapshot().Since(before).Values.Sum() < 0.1)
            {
                return;
            }
        }
    }

    /// <summary>CPU seconds per role spent between <paramref name="before"/> and this snapshot.</summary>
    public IReadOnlyDictionary<string, double> Since(ProcessCpu before)
    {
        var spent = new Dictionary<string, double>();
        foreach (var (pid, (role, seconds)) in _processes)
        {
            var earlier = before._processes.TryGetValue(pid, out var b) && b.Role == role ? b.Seconds : 0;
            spent[role] = spent.GetValueOrDefault(role) + (seconds - earlier);
        }

        return spent;
    }

    private static string RoleOf(int pid, string commandLine) => commandLine switch
    {
        _ when pid == Environment.ProcessId => "load generator",
        _ when commandLine.Contains("JetPayFunctions.dll", StringComparison.Ordinal) => "worker",
        _ when commandLine.Contains("/func ", StringComparison.Ordinal) || commandLine.EndsWith("/func", StringComparison.Ordinal) || commandLine.Contains("func.dll", StringComparison.Ordinal) => "host",
        _ when commandLine.Contains("--tablePort", StringComparison.Ordinal) => "Azurite table",
        _ when commandLine.Contains("--queuePort", StringComparison.Ordinal) => "Azurite queue",
        _ when commandLine.Contains("--blobPort", StringComparison.Ordinal) => "Azurite blob",
        _ when commandLine.Contains("maildev", StringComparison.OrdinalIgnoreCase) => "MailDev",
        _ => "other",
    };
}
