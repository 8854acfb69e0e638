package dev.asyncio4j.tests

internal fun kotlinSeesJava(): Boolean = JavaSide.VALUE
