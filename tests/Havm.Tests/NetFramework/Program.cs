using System.Xml;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Havm.Tests.NetFramework;

/// <summary>
/// The net462 test runner (eng/test-net40.sh starts it under Mono): NUnit's own assembly runner, the engine that
/// NUnitLite and the NUnit console drive, over this assembly. Neither of those is served for NUnit 4 from the package
/// registry this project uses, and this is all of NUnitLite that the suite needs: run every test, print each failure,
/// write NUnit's XML result, and exit non-zero unless some test passed and none failed.
/// Usage: Havm.Tests.exe [RESULT.xml].
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        // NUnit redirects Console.Out to each test's captured output while tests run: report on the real one.
        var stdout = Console.Out;
        var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
        runner.Load(typeof(Program).Assembly, new Dictionary<string, object>());
        var result = runner.Run(new FailurePrinter(stdout), TestFilter.Empty);
        if (args.Length > 0)
        {
            using var writer = XmlWriter.Create(args[0], new XmlWriterSettings { Indent = true });
            result.ToXml(true).WriteTo(writer);
        }

        stdout.WriteLine(
            "Havm.Tests (net462) on CLR {0}: {1} passed, {2} failed, {3} skipped, {4} inconclusive, {5} warnings ({6})",
            Environment.Version, result.PassCount, result.FailCount, result.SkipCount, result.InconclusiveCount,
            result.WarningCount, result.ResultState);
        return result.PassCount > 0 && result.FailCount == 0 && result.ResultState.Status != TestStatus.Failed ? 0 : 1;
    }

    /// <summary>Prints each failed test, or failed fixture set-up, as it finishes.</summary>
    private sealed class FailurePrinter(TextWriter stdout) : ITestListener
    {
        public void TestStarted(ITest test)
        {
        }

        public void TestFinished(ITestResult result)
        {
            if (result.ResultState.Status == TestStatus.Failed && (!result.Test.IsSuite || result.ResultState.Site != FailureSite.Child))
            {
                stdout.WriteLine("FAILED {0}: {1}", result.FullName, result.ResultState);
                stdout.WriteLine(result.Message);
                stdout.WriteLine(result.StackTrace);
            }
        }

        public void TestOutput(TestOutput output)
        {
        }

        public void SendMessage(TestMessage message)
        {
        }
    }
}
