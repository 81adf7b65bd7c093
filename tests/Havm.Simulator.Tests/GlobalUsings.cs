global using Havm.Core.Model;
global using NUnit.Framework;
