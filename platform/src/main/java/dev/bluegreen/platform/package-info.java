package dev.bluegreen.platform;
