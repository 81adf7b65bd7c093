global using System;
global using System.Collections.Generic;
global using System.Globalization;
global using System.Runtime.InteropServices;
global using Havm.Core.Model;
global using Havm.Core.Ports;
