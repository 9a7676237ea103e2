// Starts AWS's DynamoDB Local listening on 127.0.0.1 only, and makes it exit when the process that started it dies.
//
// DynamoDB Local has no bind-address option: its Jetty connector listens on every interface, so anyone on the
// network could read and write the archive while `run` or `serve` is up. This launcher builds the server exactly as
// DynamoDB Local's own main class does (same command-line arguments), sets the connector's host to 127.0.0.1
// before starting it, and never configures telemetry (nothing may reach the internet; -disableTelemetry is passed
// too). It also watches its standard input, a pipe held open by the Node process that spawned it: when that process
// dies, even by SIGKILL, the kernel closes the pipe, the read returns end-of-file, and the database stops instead of
// living on as an orphan (about 300 MB each).
//
// Compiled once per source version by `local.ts` with the JDK compiler module that Debian's JRE package ships
// (`java -m jdk.compiler/com.sun.tools.javac.Main`), into node_modules/.cache; never committed as a class file.

import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    for (Connector connector : jetty.getConnectors()) ((ServerConnector) connector).setHost("127.0.0.1");

    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // The parent never writes; anything it might send is ignored.
        }
      } catch (Exception ignored) {
        // A broken pipe means the same as end-of-file: the parent is gone.
      }
      Thread deadline = new Thread(() -> {
        try {
          Thread.sleep(3000);
        } catch (InterruptedException ignored) {
        }
        Runtime.getRuntime().halt(1);
      });
      deadline.setDaemon(true);
      deadline.start();
      try {
        proxy.stop();
      } catch (Exception ignored) {
      }
      Runtime.getRuntime().halt(0);
    }, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    proxy.start();
    proxy.join();
  }
}
