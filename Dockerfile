# dl in a container. Build:  docker build -t dl .
# Run in the folder that holds your specs; runs land in ./runs:
#   docker run --rm -v "$PWD:/work" dl train spec.yaml
# Environment as for ./dl: -e DL_HEAP=6g, -e OMP_NUM_THREADS=4, -e DL_JAVA_OPTS=...

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The poms alone first: the dependency layer is reused until a pom.xml changes. Only the cli module
# is built: the spark module (Spark on a cluster) stays out of the image.
COPY pom.xml ./
COPY cli/pom.xml cli/
COPY spark/pom.xml spark/
RUN mvn -B -q -pl cli -am dependency:go-offline
COPY cli/src cli/src
RUN mvn -B -q -pl cli -am -DskipTests package
# Unpack ND4J's natives (~400 MB) into /root/.javacpp/cache now rather than on every
# `docker run`. (Run with --user and JavaCPP unpacks them again into a temporary folder.)
RUN echo 'class Warm { public static void main(String[] a) { org.nd4j.linalg.factory.Nd4j.create(1); } }' >/tmp/Warm.java \
 && OMP_NUM_THREADS=1 java -cp 'cli/target/lib/*' /tmp/Warm.java

FROM eclipse-temurin:17-jre
# plots draw text: AWT needs fontconfig and a font even when headless
RUN apt-get update && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
# Least-often-changed first, so a code change rebuilds only the last small layers.
COPY --from=build /src/cli/target/lib/ /opt/dl/lib/
COPY --from=build /root/.javacpp/ /root/.javacpp/
# The launcher itself: with no pom.xml beside it, it runs /opt/dl/dl.jar without building,
# with the same heap, off-heap and thread defaults as ./dl in a checkout.
COPY dl /opt/dl/dl
RUN chmod 755 /opt/dl/dl && ln -s /opt/dl/dl /usr/local/bin/dl
COPY --from=build /src/cli/target/dl.jar /opt/dl/dl.jar
WORKDIR /work
VOLUME /work/runs
ENTRYPOINT ["/usr/local/bin/dl"]
CMD ["--help"]
